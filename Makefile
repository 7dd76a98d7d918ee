# The audit backlog series and its test harness: table of contents.
#
# Set-up on a fresh Debian 12 machine (see README.md):
#   sh scripts/install-deps.sh && make demo     # the main job
#   sh scripts/install-deps.sh && make check    # all the tests
#
# BASE selects the Debian base tree (6.12 by default), one folder of
# bases/ each.  Everything built or fetched goes under build/.

BASE ?= 6.12
export BASE
S := scripts

.PHONY: help deps base tree export checkpatch check-export kernel \
	kernel-base selftests test test-base check check-bisect demo clean \
	dist check-dist check-docs check-kci-config check-port stress \
	stress-base bench bench-points bench-profile port-6.1 figures \
	points-messages check-parsers smp-kernel test-smp check-full

help:
	@sed -n 's/^\([a-z-]*\):.*## \(.*\)/  make \1\t\2/p' Makefile | expand -t 24

deps: ## install the Debian packages the harness needs
	@$(S)/install-deps.sh

base: deps ## unpack linux-source-$(BASE) into build/src-$(BASE), tagged "base"
	@$(S)/fetch-base.sh

tree: base ## branch "series" in the tree: base plus bases/BASE's series
	@$(S)/apply.sh

export: ## regenerate bases/BASE's series folders from the tree's commits
	@$(S)/export.sh

checkpatch: base ## checkpatch.pl --strict on every patch: 0 errors, warnings, checks
	@$(S)/checkpatch.sh

check-export: tree ## fail unless a fresh apply plus export reproduces bases/BASE
	@$(S)/check-export.sh

kernel: tree ## build the patched UML test kernel (linux-patched)
	@$(S)/build-uml.sh patched

kernel-base: base ## build the unpatched UML kernel (linux-base) in a worktree of its own
	@$(S)/build-base-kernel.sh

selftests: tree ## build and install the audit kselftests, static, for x86_64
	@$(S)/build-selftests.sh

test: kernel selftests ## patched kernel, both modes: KUnit, kselftests, auditd, kernel CI
	@$(S)/test.sh patched

test-base: kernel-base selftests ## the same kselftests on the unpatched kernel
	@$(S)/test.sh base

smp-kernel: tree ## x86_64 SMP test kernel, 4 CPUs, PREEMPT, lockdep; SAN=kasan (default) or kcsan
	@$(S)/install-deps.sh smp
	@$(S)/build-smp.sh patched $(or $(SAN),kasan)

test-smp: tree selftests ## the SMP kernel under QEMU, 4 vCPUs, both modes: KUnit, kselftests, auditd, hostile, stress
	@$(S)/test-smp.sh patched $(or $(SAN),kasan)

stress: kernel ## stress, fault injection, stopped-auditd CPU; STRESS_SECONDS=60 STRESS_SEED=1
	@$(S)/stress.sh patched

stress-base: kernel-base ## the same stress runs on the unpatched kernel (shows its failures)
	@$(S)/stress.sh base || true

bench: tree ## x86_64 QEMU bench bed: unpatched vs patched, bench/results/DATE-BASE.{json,md,png}
	@$(S)/install-deps.sh bench
	@$(S)/bench.sh

bench-points: tree ## each point of the performance series on the bench beds: results/bench-points-BASE.json
	@$(S)/install-deps.sh bench
	@$(S)/bench-points.sh

bench-profile: tree ## instructions per kernel function: KERNEL=patched|base WORK=syscall_audited|user_record|user_record_long
	@$(S)/install-deps.sh bench
	@$(S)/bench-profile.sh $(or $(KERNEL),patched) $(or $(WORK),syscall_audited) $(or $(N),5000)

check-parsers: ## the tests of the harness's parsers (report.py, auditd_check.py)
	@/usr/bin/python3 $(S)/test_parsers.py

check-docs: tree ## the admin-guide page is valid reST and indexed; kernel-doc -none
	@$(S)/check-docs.sh

check-kci-config: tree ## make kselftest-merge keeps the audit kselftests' config
	@$(S)/check-kci-config.sh

dist: ## dist/audit-backlog-VERSION-linux-BASE.tar.gz: both series, quilt series file, README
	@$(S)/dist.sh

check-dist: tree dist ## the dist tarball applies with quilt, patch and git am
	@$(S)/check-dist.sh

check: tree ## everything: static checks, build, tests on UML, and on 6.12 the SMP bed with KASAN (SMP_SANS= for UML alone); ends with "N passed, N failed"
	@$(S)/check.sh

check-full: tree ## make check, plus the SMP bed with KASAN and KCSAN, and KCSAN on the unpatched kernel (reported)
	@SMP_SANS="kasan kcsan" CHECK_BASE_SMP=kcsan CHECK_JOB=check-full $(S)/check.sh

check-port: base ## BASE=6.1: bases/6.1 is what port-6.1.sh makes from bases/6.12
	@$(S)/check-port.sh

port-6.1: ## remake bases/6.1 from bases/6.12 (BASE=6.1 make base first)
	@BASE=6.1 $(S)/port-6.1.sh

check-bisect: tree ## build and test every point of both series, patch by patch
	@$(S)/check-bisect.sh

# make demo notes how long it took, from before the kernels are built
DEMO_START := $(shell date +%s)
DEMO_COLD := $(shell sh $(S)/start-state.sh)
export DEMO_START DEMO_COLD

demo: kernel-base kernel ## slow, restarted, stopped and real (Debian) auditd: unpatched vs patched
	@$(S)/demo.sh

figures: ## fill the figures of README.md, docs/ and the cover letters from results/
	@/usr/bin/python3 $(S)/figures.py

points-messages: ## each perf patch's figure in its commit message, from results/bench-points-BASE.json
	@/usr/bin/python3 $(S)/fill-points.py $(BASE)

clean: ## remove build/ (the base tree and every kernel built)
	rm -rf build
