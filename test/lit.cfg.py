# -*- Python -*-
# The leaksan lit suite: how a test program is compiled (%clang, %clangxx),
# run under leaksan (%run) and configured (%env_lsan_opts=). Paths come from
# the build's lit.site.cfg.py; run lit on <build>/test, not on this directory.
#
# Parameters (lit -Dname=value):
#   backend=NAME|auto            stop-the-world backend (default ptrace), one
#                                of `leaksan --list-backends`; feature
#                                backend-<name>; kernel needs the
#                                leaksan_stw module loaded where %run runs
#   kmod=1                       the leaksan_stw module is loaded where %run
#                                runs (also set when /dev/leaksan-stw exists
#                                here): feature leaksan-kmod, which the
#                                test/kernel/ tests require
#   kmod_ko=PATH                 the module file, for the tests that unload and
#                                load it again (root): %leaksan_kmod_ko and
#                                feature leaksan-kmod-reload
#   mode=preload|clang|gcc       how leaksan gets into the program (default
#                                preload): preload builds plain programs and
#                                runs them with LD_PRELOAD; clang builds with
#                                clang -fsanitize=leak -resource-dir=<overlay>;
#                                gcc with gcc -fsanitize=leak -B <overlay>/.
#                                Feature mode-<name>.
#   compiler=clang|gcc           compiler behind %clang/%clangxx in preload
#                                mode (default clang; the other modes imply it)
#   run_timeout=SECONDS          %run kills a program running longer (default 120)
#   vm=STATE                     run the programs in the test guest that
#                                test/vm/vm.py booted (STATE is its state.json;
#                                test/vm/litvm.py: vm_caps=, vm_line_timeout=)

import os
import shlex
import subprocess

import lit.formats
import lit.util

config.name = "leaksan"
# bash runs the RUN lines: `$?`, `;` and process substitution work.
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".c", ".cpp", ".test"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(os.path.abspath(__file__))

if not hasattr(config, "leaksan_obj_root"):
    lit_config.fatal("no build configuration: configure with CMake and run lit on "
                     "<build>/test (or `cmake --build <build> --target check`)")
config.test_exec_root = os.path.join(config.leaksan_obj_root, "test")

# ---- parameters ----
backend = lit_config.params.get("backend", "ptrace")
# the runtime's own table (platform/stw.c), as the launcher lists it
launcher = os.path.join(config.leaksan_obj_root, "bin", "leaksan")
try:
    backends = subprocess.run([launcher, "--list-backends"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, universal_newlines=True, timeout=60,
                              check=True).stdout.split()
except (OSError, subprocess.SubprocessError) as e:
    lit_config.fatal("%s --list-backends failed: %s" % (launcher, e))
if backend not in backends + ["auto"]:
    lit_config.fatal("backend=%s: expected %s or auto" % (backend, ", ".join(backends)))
mode = lit_config.params.get("mode", "preload")
if mode not in ("preload", "clang", "gcc"):
    lit_config.fatal("mode=%s: expected preload, clang or gcc" % mode)
compiler = lit_config.params.get("compiler", "clang" if mode != "gcc" else "gcc")
if mode != "preload":
    compiler = mode
if compiler not in ("clang", "gcc"):
    lit_config.fatal("compiler=%s: expected clang or gcc" % compiler)
run_timeout = lit_config.params.get("run_timeout", "120")

config.available_features.add("backend-" + backend)
config.available_features.add("mode-" + mode)
config.available_features.add("compiler-" + compiler)
if lit_config.params.get("kmod") == "1" or os.path.exists("/dev/leaksan-stw"):
    config.available_features.add("leaksan-kmod")
elif backend == "kernel":
    # the module cannot be loaded here (test.sh runs this backend in a VM)
    lit_config.note("backend=kernel: no /dev/leaksan-stw and no kmod=1: every test unsupported")
    config.unsupported = True
kmod_ko = lit_config.params.get("kmod_ko", "")
if kmod_ko:
    config.available_features.add("leaksan-kmod-reload")
config.substitutions.append(("%leaksan_kmod_ko", kmod_ko))

if not os.path.exists(config.leaksan_lib):
    lit_config.fatal("%s does not exist: build leaksan first" % config.leaksan_lib)

# ---- environment: nothing sanitizer-related leaks in from the caller ----
for var in list(config.environment):
    if var.endswith("SAN_OPTIONS") or var.endswith("SYMBOLIZER_PATH") or var in (
            "LD_PRELOAD", "LD_AUDIT"):
        del config.environment[var]
path = [d for d in config.llvm_tools_dirs if d]
path.append(os.environ.get("PATH", "/usr/bin:/bin"))
config.environment["PATH"] = os.pathsep.join(path)
for var in ("HOME", "TMPDIR", "PYENV_ROOT", "PYENV_VERSION", "LANG", "LC_ALL"):
    if var in os.environ:
        config.environment[var] = os.environ[var]
# Programs run without %env_lsan_opts= still get the backend under test.
base_opts = "stop_the_world=" + backend
config.environment["LSAN_OPTIONS"] = base_opts


def which(name):
    return lit.util.which(name, config.environment["PATH"])


# ---- compilers ----
common_flags = ["-g", "-O0", "-fno-omit-frame-pointer", "-pthread"]
if compiler == "clang":
    cc, cxx = config.clang, config.clangxx
    include_flags = []
else:
    cc, cxx = config.gcc, config.gxx
    if not cc or not cxx or "NOTFOUND" in cc + cxx:
        lit_config.fatal("compiler=gcc but gcc/g++ were not found at configure time")
    # gcc has no sanitizer/*.h of LLVM 14's vintage: take clang's, after the
    # system headers so nothing else is picked from there.
    inc = None
    try:
        res = subprocess.check_output([config.clang, "-print-resource-dir"],
                                      universal_newlines=True).strip()
        if os.path.isdir(os.path.join(res, "include", "sanitizer")):
            inc = os.path.join(res, "include")
    except (OSError, subprocess.CalledProcessError):
        pass
    if inc is None:
        inc = config.sanitizer_include
    include_flags = ["-idirafter", inc]

# preload mode: the program is linked without leaksan; the __sanitizer_* and
# __lsan_* functions a test calls are weak references (Inputs/leaksan_test.h)
# bound to the preloaded library at run time.
test_inputs = os.path.join(config.test_source_root, "Inputs")


# clang and gcc modes: the compiler's own -fsanitize=leak, pointed at
# leaksan's overlays in the build tree (same layout as an install prefix).
overlay_root = os.path.join(config.leaksan_obj_root, "lib", "leaksan")
mode_flags = []
if mode == "clang":
    mode_flags = ["-fsanitize=leak", "-resource-dir=" + os.path.join(overlay_root, "clang")]
elif mode == "gcc":
    mode_flags = ["-fsanitize=leak", "-B", os.path.join(overlay_root, "gcc") + "/"]
for d in mode_flags[1:]:
    if d.startswith("/") and not os.path.isdir(d.rstrip("/")):
        lit_config.fatal("%s does not exist: build the leaksan_overlays target" % d)


def compile_cmd(tool):
    flags = common_flags + include_flags + mode_flags + ["-I" + test_inputs]
    return " ".join([shlex.quote(tool)] + flags)


# The library a test preloads by hand (with env, gdb, strace): nothing in the
# compiler modes, where the program carries leaksan already.
preload_lib = config.leaksan_lib if mode == "preload" else ""
run_prefix = ["env", "LD_PRELOAD=" + preload_lib] if preload_lib else ["env"]
timeout = which("timeout")
if timeout and run_timeout != "0":
    run_prefix = [timeout, "-k", "10", run_timeout] + run_prefix

# Longest first: '%clang' is a prefix of '%clangxx'.
config.substitutions.append(("%clangxx", compile_cmd(cxx)))
config.substitutions.append(("%clang", compile_cmd(cc)))
config.substitutions.append(("%env_lsan_opts=", "env LSAN_OPTIONS=" + base_opts + ":"))
config.substitutions.append(("%libleaksan", config.leaksan_lib))
config.substitutions.append(("%preload_lib", preload_lib))
config.substitutions.append(("%run", " ".join(shlex.quote(a) for a in run_prefix)))

# ---- CPU features a register test needs (cpu-avx, cpu-avx512f) ----
try:
    with open("/proc/cpuinfo") as f:
        cpu_flags = next((l.split(":", 1)[1].split() for l in f if l.startswith("flags")), [])
except OSError:
    cpu_flags = []
for flag in ("avx", "avx512f"):
    if flag in cpu_flags:
        config.available_features.add("cpu-" + flag)

# ---- tools the real-program tests drive ----
for tool in ("python3", "perl", "bash", "git", "gcc", "sort", "shuf", "seq", "diff"):
    if which(tool):
        config.available_features.add(tool)

# tests that need a PID namespace of their own (unshare -p) and write to its
# /proc/sys/kernel/ns_last_pid
if os.geteuid() == 0 and which("unshare"):
    config.available_features.add("root")

# ---- programs in the test guest (test/vm/, lit -Dvm=STATE) ----
if lit_config.params.get("vm"):
    import sys
    sys.path.insert(0, os.path.join(config.test_source_root, "vm"))
    import litvm
    litvm.configure(config, lit_config, os.path.abspath(lit_config.params["vm"]))
