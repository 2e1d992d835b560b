# lit support for running the leaksan suite in the test guest (lit -Dvm=STATE,
# STATE from test/vm/vm.py boot): lit, the compilers and the files stay on the
# host, the programs run in the guest. A RUN line that compiles (%clang,
# %clangxx) runs on the host and its %run sends the program to the guest; a
# line that only writes or reads files (echo, printf, rm, cat ...) runs on the
# host; every other line runs whole in the guest (bash -o pipefail -c LINE), so
# what wraps a program (gdb, strace, unshare, env) runs there too, except a
# last `| FileCheck ...` or `| count N`, which reads the output on the host.
# Features: leaksan-vm, vm-caps-noptrace, yama-ptrace-scope-N, leaksan-kmod (the module's device
# is there), the guest's cpu-avx/cpu-avx512f; gdb and strace where they are
# installed and the guest lets them trace.

import json
import os
import re
import shlex
import subprocess
import sys

import lit.formats
import lit.util
import lit.Test
import lit.TestRunner as TR

HERE = os.path.dirname(os.path.abspath(__file__))
# Commands that only touch files: such a line runs on the host.
HOST_COMMANDS = {"echo", "printf", "rm", "cat", "ls", "wc", "count", "seq", "mkdir", "cp",
                 "ln", "chmod", "touch", "llvm-nm", "FileCheck", "sed", "true"}
# Markers of a line that runs a program under leaksan.
GUEST_MARKERS = ("%run", "%preload_lib", "%env_lsan_opts", "%libleaksan", "LSAN_OPTIONS",
                 "%t ", "%t;", "%t|")
DBG = re.compile(r"\s*(%dbg\([^)]*\))\s*(.*)$", re.S)
# A guest line's last pipe into a checker: the checker runs on the host
# (FileCheck's start-up costs a third of a second in the guest).
CHECKER_TAIL = re.compile(r"^(.*\S)\s*\|\s*((?:not\s+)?(?:FileCheck|count)\s[^|&;'\"(){}`$<>]*)$", re.S)


def client_argv(state, caps, timeout):
    return [sys.executable, "-S", os.path.join(HERE, "vmrun.py"), "--state", state,
            "--timeout", str(timeout), "--caps", caps, "--"]


def guest_info(state):
    r = subprocess.run(client_argv(state, "full", 30)[:-3] + ["--op", "info"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True, timeout=120)
    if r.returncode != 0:
        return None, r.stderr.strip()
    return json.loads(r.stdout), ""


def where(line):
    """'host', 'host+run' (compiles here, %run goes to the guest) or 'guest'."""
    m = DBG.match(line)
    body = m.group(2) if m else line
    if "%clang" in body:
        return "host+run" if "%run" in body else "host"
    words = body.split()
    first = words[0] if words else ""
    if first == "not" and len(words) > 1:
        first = words[1]
    if first in HOST_COMMANDS and not any(k in body + " " for k in GUEST_MARKERS):
        return "host"
    return "guest"


class VMShTest(lit.formats.ShTest):
    def __init__(self, state, caps, line_timeout):
        super().__init__(execute_external=True)
        self.state, self.caps, self.line_timeout = state, caps, line_timeout

    def execute(self, test, litConfig):
        # lit.TestRunner.executeShTest, with each line placed host or guest
        if test.config.unsupported:
            return lit.Test.Result(lit.Test.UNSUPPORTED, "Test is unsupported")
        parsed = TR.parseIntegratedTestScript(test, require_script=True)
        if isinstance(parsed, lit.Test.Result):
            return parsed
        if litConfig.noExecute:
            return lit.Test.Result(lit.Test.PASS)
        places = [where(line) for line in parsed]
        tmpDir, tmpBase = TR.getTempPaths(test)
        subst = TR.getDefaultSubstitutions(test, tmpDir, tmpBase, normalize_slashes=True)
        client = " ".join(shlex.quote(a) for a in
                          client_argv(self.state, self.caps, self.line_timeout))
        # %run in a line that stays on the host: the program goes to the guest
        subst = [("%vmclient", client)] + subst
        script = []
        for line, place in zip(parsed, places):
            if place == "host+run":
                line = line.replace("%run", "%vmclient %run")
            out = TR.applySubstitutions([line], subst,
                                        recursion_limit=test.config.recursiveExpansionLimit)[0]
            if place == "guest":
                m = DBG.match(out)
                dbg, body = (m.group(1), m.group(2)) if m else ("", out)
                m = CHECKER_TAIL.match(body)
                head, tail = (m.group(1), " | " + m.group(2)) if m else (body, "")
                out = "%s %s bash -o pipefail -c %s%s" % (dbg, client, shlex.quote(head), tail)
            script.append(out)
        return TR._runShTest(test, litConfig, True, script, tmpBase)


def configure(config, lit_config, state):
    """Called by lit.cfg.py when lit runs with -Dvm=STATE."""
    caps = lit_config.params.get("vm_caps", "full")
    if caps not in ("full", "noptrace"):
        lit_config.fatal("vm_caps=%s: expected full or noptrace" % caps)
    info, err = guest_info(state)
    if info is None:
        lit_config.fatal("vm=%s: no guest answers: %s" % (state, err))
    config.test_format = VMShTest(state, caps, int(lit_config.params.get("vm_line_timeout",
                                                                         "300")))
    feats = config.available_features
    feats.add("leaksan-vm")
    if caps == "noptrace":
        feats.add("vm-caps-noptrace")
    scope = info.get("ptrace_scope", "")
    if scope:
        feats.add("yama-ptrace-scope-" + scope)
    if info.get("kmod"):
        feats.add("leaksan-kmod")
        config.unsupported = False  # lit.cfg.py looked for the device here
    else:
        feats.discard("leaksan-kmod")
    for flag in ("avx", "avx512f"):
        feats.discard("cpu-" + flag)
        if flag in info.get("cpu_flags", []):
            feats.add("cpu-" + flag)
    # gdb and strace trace their child: not at scope 3, nor at 2 without
    # CAP_SYS_PTRACE
    for tool in ("gdb", "strace"):
        if scope == "3" or (scope == "2" and caps == "noptrace"):
            feats.discard(tool)
        elif lit.util.which(tool, config.environment["PATH"]):
            feats.add(tool)
    lit_config.note("running programs in the guest (kernel %s, ptrace_scope %s, caps %s, "
                    "module %s)" % (info.get("release"), scope or "-", caps,
                                    "loaded" if info.get("kmod") else "absent"))
