/* leaksan, the launcher: `leaksan [options] -- PROGRAM ARGS...` runs an
 * unmodified, dynamically linked program with libleaksan.so preloaded, turns
 * its options into LSAN_OPTIONS entries and passes the exit status through.
 * A program the loader would not preload into (statically linked, set-user-ID,
 * ...) gets one precise error instead of a run that checks nothing.
 * Not part of the runtime: an ordinary program, libc and malloc are fine. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

/* Exit statuses of the launcher itself; otherwise the program's status. */
enum {
    EXIT_USAGE = 125,      /* bad options, no runtime (as env(1) and timeout(1)) */
    EXIT_CANNOT_RUN = 126, /* found but not executable */
    EXIT_REFUSED = 127,    /* not found, or leaksan cannot be preloaded into it */
};

/* How many #! interpreters deep the kernel follows (BINPRM_MAX_RECURSION). */
#define MAX_INTERP_DEPTH 4

static const char usage_text[] =
    "Usage: leaksan [OPTIONS] [--] PROGRAM [ARGS...]\n"
    "Run PROGRAM (found in PATH like a shell does) with the leaksan leak checker\n"
    "preloaded (LD_PRELOAD), and exit with its status: 23 (or --exitcode) when\n"
    "leaks are found, 128+N when it is killed by signal N.\n"
    "\n"
    "Every dynamically linked program PROGRAM starts inherits LD_PRELOAD and is\n"
    "checked too, so `leaksan -- make check` checks a whole test suite.\n"
    "\n"
    "Options (each becomes an LSAN_OPTIONS entry, after any already set):\n"
    "  --suppressions FILE       suppress leaks matching FILE's leak:PATTERN lines\n"
    "  --log PATH                write reports to PATH.<pid> instead of stderr\n"
    "  --stop-the-world BACKEND  auto, kernel, ptrace or signal (default auto)\n"
    "  --exitcode N              exit status when leaks are found (0-255, default 23)\n"
    "  --no-children             check PROGRAM only, not the programs it starts\n"
    "  --help                    print this help and exit\n"
    "\n"
    "leaksan's own exit statuses: 125 bad usage or no runtime, 126 PROGRAM is not\n"
    "executable, 127 PROGRAM not found or leaksan cannot be loaded into it\n"
    "(statically linked, set-user-ID or set-group-ID, file capabilities, not\n"
    "x86-64 glibc). Such programs are checked by building them with\n"
    "clang -fsanitize=leak -resource-dir=<prefix>/lib/leaksan/clang, or\n"
    "gcc -fsanitize=leak -B <prefix>/lib/leaksan/gcc/ (README.md, \"Three ways in\").\n";

/* <prefix>/lib, where the runtime and the compiler overlays are */
static char *libdir;

__attribute__((format(printf, 2, 3), noreturn)) static void fail(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("leaksan: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    if (status == EXIT_USAGE)
        fputs("Try 'leaksan --help' for more information.\n", stderr);
    exit(status);
}

static char *xstrdup_printf(const char *fmt, ...)
{
    va_list ap;
    char *s;
    va_start(ap, fmt);
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0)
        fail(EXIT_USAGE, "out of memory");
    return s;
}

/* ---- the runtime: <dir of this executable>/../lib/libleaksan.so, which is
 * where `cmake --install` puts it and where the build tree links it. */

static char *find_runtime(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n < 0)
        fail(EXIT_USAGE, "cannot find the runtime: readlink /proc/self/exe: %s", strerror(errno));
    exe[n] = 0;
    *strrchr(exe, '/') = 0;
    char *want = xstrdup_printf("%s/../lib/libleaksan.so", exe);
    char *lib = realpath(want, NULL);
    if (!lib)
        fail(EXIT_USAGE, "cannot find the runtime %s: %s (it is installed in lib/ next to bin/leaksan)",
             want, strerror(errno));
    *strrchr(want, '/') = 0;
    libdir = realpath(want, NULL);
    free(want);
    return lib;
}

/* ---- finding and inspecting the program */

/* Like execvp: a name with a '/' is used as is, else the first executable
 * regular file of that name in $PATH. Returns 0 (path in *out) or ENOENT /
 * EACCES. */
static int resolve_program(const char *name, char **out)
{
    if (strchr(name, '/')) {
        *out = strdup(name);
        return access(name, X_OK) ? errno : 0;
    }
    const char *path = getenv("PATH");
    if (!path)
        path = "/bin:/usr/bin"; /* glibc's execvp default */
    int err = ENOENT;
    for (const char *p = path;; p++) {
        const char *end = strchrnul(p, ':');
        /* an empty entry means the current directory */
        char *cand = end == p ? xstrdup_printf("%s", name)
                              : xstrdup_printf("%.*s/%s", (int)(end - p), p, name);
        struct stat st;
        if (stat(cand, &st) == 0 && S_ISREG(st.st_mode)) {
            if (access(cand, X_OK) == 0) {
                *out = cand;
                return 0;
            }
            err = EACCES;
        }
        free(cand);
        if (!*end)
            break;
        p = end;
    }
    return err;
}

/* `what` names the file in messages: the program, or "PROG: its interpreter X". */
static void refuse(const char *what, const char *why)
{
    fail(EXIT_REFUSED, "%s %s", what, why);
}

/* The loader runs set-user-ID/-group programs and those with file capabilities
 * in secure-execution mode (AT_SECURE), where it ignores an LD_PRELOAD path
 * with a '/'. The kernel asks for it only when the ids really change. */
static void check_privileges(const char *what, int fd)
{
    struct stat st;
    if (fstat(fd, &st))
        return;
    bool suid = (st.st_mode & S_ISUID) && st.st_uid != getuid();
    bool sgid = (st.st_mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) && st.st_gid != getgid();
    if (suid || sgid) {
        struct statvfs vfs;
        if (fstatvfs(fd, &vfs) == 0 && (vfs.f_flag & ST_NOSUID))
            return; /* mounted nosuid: the kernel ignores the bits */
        if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1)
            return; /* no_new_privs: likewise */
        char why[512];
        if (suid)
            snprintf(why, sizeof(why),
                     "is set-user-ID (owner uid %u, you are uid %u): the loader runs it in "
                     "secure-execution mode, which ignores LD_PRELOAD, so leaksan cannot check it; "
                     "run it as uid %u, or check a copy without the set-user-ID bit",
                     (unsigned)st.st_uid, (unsigned)getuid(), (unsigned)st.st_uid);
        else
            snprintf(why, sizeof(why),
                     "is set-group-ID (group gid %u, you are gid %u): the loader runs it in "
                     "secure-execution mode, which ignores LD_PRELOAD, so leaksan cannot check it; "
                     "run it with gid %u, or check a copy without the set-group-ID bit",
                     (unsigned)st.st_gid, (unsigned)getgid(), (unsigned)st.st_gid);
        refuse(what, why);
    }
    /* root gains no secure-execution mode from file capabilities */
    if (getuid() != 0 && fgetxattr(fd, "security.capability", NULL, 0) > 0)
        refuse(what, "has file capabilities (security.capability): the loader runs it in "
                     "secure-execution mode, which ignores LD_PRELOAD, so leaksan cannot check it; "
                     "check a copy without them");
}

static void check_elf(const char *what, int fd)
{
    Elf64_Ehdr eh;
    if (pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh))
        return; /* truncated: let execve report it */
    if (eh.e_ident[EI_CLASS] != ELFCLASS64)
        refuse(what, "is a 32-bit program: leaksan's runtime is built for x86-64 only");
    if (eh.e_machine != EM_X86_64) {
        char why[128];
        snprintf(why, sizeof(why),
                 "is built for another machine (ELF e_machine %u): leaksan's runtime is built for "
                 "x86-64 only",
                 (unsigned)eh.e_machine);
        refuse(what, why);
    }
    if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN)
        return; /* not a program: let execve report it */
    if (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum == 0 || eh.e_phnum >= PN_XNUM)
        return;
    char interp[PATH_MAX] = "";
    bool has_interp = false;
    for (unsigned i = 0; i < eh.e_phnum && !has_interp; i++) {
        Elf64_Phdr ph;
        if (pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + i * sizeof(ph))) != (ssize_t)sizeof(ph))
            return;
        if (ph.p_type != PT_INTERP)
            continue;
        has_interp = true;
        size_t n = ph.p_filesz < sizeof(interp) - 1 ? ph.p_filesz : sizeof(interp) - 1;
        ssize_t got = pread(fd, interp, n, (off_t)ph.p_offset);
        interp[got > 0 ? got : 0] = 0;
    }
    if (!has_interp) {
        char why[2 * PATH_MAX + 256];
        snprintf(why, sizeof(why),
                 "is statically linked: LD_PRELOAD cannot load leaksan into it; rebuild it with "
                 "-fsanitize=leak and -resource-dir/-B as README shows (clang "
                 "-resource-dir=%s/leaksan/clang, gcc -B %s/leaksan/gcc/)",
                 libdir, libdir);
        refuse(what, why);
    }
    const char *base = strrchr(interp, '/');
    base = base ? base + 1 : interp;
    if (!strncmp(base, "ld-musl", 7)) {
        char why[PATH_MAX + 128];
        snprintf(why, sizeof(why),
                 "uses musl's loader %s: leaksan's runtime is built for glibc and cannot be loaded "
                 "into it",
                 interp);
        refuse(what, why);
    }
    check_privileges(what, fd);
}

/* Checks that leaksan can be preloaded into `path`, following #! lines to the
 * interpreter that really runs. Returns true when execve would refuse the file
 * with ENOEXEC, which (like execvp) we then run with /bin/sh. */
static bool check_program(const char *what, const char *path, int depth)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false; /* execute-only, or gone: nothing to inspect, execve decides */
    char head[256 + 1];
    ssize_t n = pread(fd, head, sizeof(head) - 1, 0);
    head[n > 0 ? n : 0] = 0;
    bool via_sh = false;
    if (n >= SELFMAG && !memcmp(head, ELFMAG, SELFMAG)) {
        check_elf(what, fd);
    } else if (n >= 2 && head[0] == '#' && head[1] == '!') {
        /* "#! /path/interp [arg]": the kernel runs the interpreter */
        char *p = head + 2;
        p += strspn(p, " \t");
        size_t len = strcspn(p, " \t\n");
        if (len && depth < MAX_INTERP_DEPTH) {
            char *interp = xstrdup_printf("%.*s", (int)len, p);
            char *sub = xstrdup_printf("%s: its interpreter %s", path, interp);
            check_program(sub, interp, depth + 1);
            free(sub);
            free(interp);
        }
    } else if (depth == 0) {
        via_sh = true;
        check_program("/bin/sh (which runs PROGRAM, a file without #!)", "/bin/sh", depth + 1);
    }
    close(fd);
    return via_sh;
}

/* ---- the environment the program gets */

static const char *lsan_separators = " ,:\t\n";

/* One name=value entry for LSAN_OPTIONS, quoted when the value holds a
 * separator (the runtime's parser takes "..." and '...'). */
static char *lsan_entry(const char *name, const char *value)
{
    if (!value[strcspn(value, lsan_separators)] && !strpbrk(value, "\"'"))
        return xstrdup_printf("%s=%s", name, value);
    if (!strchr(value, '"'))
        return xstrdup_printf("%s=\"%s\"", name, value);
    if (!strchr(value, '\''))
        return xstrdup_printf("%s='%s'", name, value);
    fail(EXIT_USAGE, "--%s: '%s' holds both quote characters, which LSAN_OPTIONS cannot carry",
         name, value);
}

/* Frees both `list` and `item`: the launcher may itself run under leaksan
 * (`leaksan -- make` where make starts leaksan), so it must not leak. */
static char *append(char *list, const char *sep, char *item)
{
    char *s = list && *list ? xstrdup_printf("%s%s%s", list, sep, item) : xstrdup_printf("%s", item);
    free(list);
    free(item);
    return s;
}

/* The runtime first (it must interpose malloc before any other preloaded
 * library), then the caller's LD_PRELOAD without other leaksan runtimes. */
static char *preload_value(const char *runtime)
{
    char *out = xstrdup_printf("%s", runtime);
    const char *old = getenv("LD_PRELOAD");
    if (!old)
        return out;
    char *copy = strdup(old), *save = NULL;
    for (char *tok = strtok_r(copy, ": ", &save); tok; tok = strtok_r(NULL, ": ", &save))
        if (!strstr(tok, "libleaksan"))
            out = append(out, ":", xstrdup_printf("%s", tok));
    free(copy);
    return out;
}

static char *absolute(const char *path)
{
    if (path[0] == '/')
        return xstrdup_printf("%s", path);
    char *cwd = getcwd(NULL, 0);
    if (!cwd)
        fail(EXIT_USAGE, "getcwd: %s", strerror(errno));
    char *s = xstrdup_printf("%s/%s", cwd, path);
    free(cwd);
    return s;
}

/* ---- running it */

static volatile pid_t child;

/* Passes on signals sent to the launcher (kill, timeout(1)); those the kernel
 * sent, like ^C from the terminal, already reached the whole process group. */
static void forward(int sig, siginfo_t *si, void *uc __attribute__((unused)))
{
    if (si->si_code > 0 || child <= 0)
        return;
    kill(child, sig);
}

static const int forwarded[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM};

static int run(const char *path, char **argv, bool via_sh)
{
    sigset_t block, old;
    sigemptyset(&block);
    struct sigaction sa = {.sa_sigaction = forward, .sa_flags = SA_SIGINFO | SA_RESTART};
    sigfillset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++) {
        sigaction(forwarded[i], &sa, NULL);
        sigaddset(&block, forwarded[i]);
    }
    int pipefd[2];
    if (pipe2(pipefd, O_CLOEXEC))
        fail(EXIT_USAGE, "pipe: %s", strerror(errno));
    sigprocmask(SIG_BLOCK, &block, &old);
    pid_t pid = fork();
    if (pid < 0)
        fail(EXIT_USAGE, "fork: %s", strerror(errno));
    if (pid == 0) {
        /* exec resets the handlers; the mask must be put back by hand */
        sigprocmask(SIG_SETMASK, &old, NULL);
        close(pipefd[0]);
        execv(path, argv);
        if (errno == ENOEXEC && via_sh) {
            int n = 0;
            while (argv[n])
                n++;
            char **sh = calloc((size_t)n + 2, sizeof(*sh));
            sh[0] = "sh";
            sh[1] = (char *)path;
            for (int i = 1; i <= n; i++)
                sh[i + 1] = argv[i];
            execv("/bin/sh", sh);
        }
        int err = errno;
        (void)!write(pipefd[1], &err, sizeof(err));
        _exit(EXIT_CANNOT_RUN);
    }
    child = pid;
    sigprocmask(SIG_SETMASK, &old, NULL);
    close(pipefd[1]);
    int err = 0;
    ssize_t got;
    while ((got = read(pipefd[0], &err, sizeof(err))) < 0 && errno == EINTR)
        ;
    close(pipefd[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            fail(EXIT_USAGE, "waitpid: %s", strerror(errno));
    if (got == (ssize_t)sizeof(err))
        fail(err == ENOENT ? EXIT_REFUSED : EXIT_CANNOT_RUN, "cannot run %s: %s", path,
             strerror(err));
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    int sig = WTERMSIG(status);
    if (sig != SIGINT && sig != SIGPIPE)
        fprintf(stderr, "leaksan: %s was killed by signal %d (%s)%s; no leak check ran at exit\n",
                path, sig, strsignal(sig), WCOREDUMP(status) ? ", core dumped" : "");
    return 128 + sig;
}

/* Live until exit, so reachable from here when the launcher is checked. */
static char *runtime, *program, *entries;

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"suppressions", required_argument, NULL, 's'},
        {"log", required_argument, NULL, 'l'},
        {"stop-the-world", required_argument, NULL, 'w'},
        {"exitcode", required_argument, NULL, 'e'},
        {"no-children", no_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    bool no_children = false;
    opterr = 0;
    for (;;) {
        int prev = optind;
        /* '+': options end at PROGRAM, whose own options are its business */
        int c = getopt_long(argc, argv, "+:h", longopts, NULL);
        if (c == -1)
            break;
        switch (c) {
        case 'h':
            fputs(usage_text, stdout);
            return 0;
        case 's': {
            struct stat st;
            if (stat(optarg, &st))
                fail(EXIT_USAGE, "--suppressions %s: %s", optarg, strerror(errno));
            if (!S_ISREG(st.st_mode) || access(optarg, R_OK))
                fail(EXIT_USAGE, "--suppressions %s: not a readable file", optarg);
            /* absolute: the programs it starts may run in other directories */
            char *abs = realpath(optarg, NULL);
            entries = append(entries, ":", lsan_entry("suppressions", abs));
            free(abs);
            break;
        }
        case 'l': {
            if (!strcmp(optarg, "stderr") || !strcmp(optarg, "stdout")) {
                entries = append(entries, ":", lsan_entry("log_path", optarg));
                break;
            }
            char *abs = absolute(optarg);
            char *dir = xstrdup_printf("%s", abs);
            *strrchr(dir, '/') = 0;
            struct stat st;
            if (stat(*dir ? dir : "/", &st) || !S_ISDIR(st.st_mode) || access(*dir ? dir : "/", W_OK))
                fail(EXIT_USAGE,
                     "--log %s: reports go to %s.<pid>, but %s is not a writable directory",
                     optarg, abs, *dir ? dir : "/");
            entries = append(entries, ":", lsan_entry("log_path", abs));
            free(dir);
            free(abs);
            break;
        }
        case 'w':
            if (strcmp(optarg, "auto") && strcmp(optarg, "kernel") && strcmp(optarg, "ptrace") &&
                strcmp(optarg, "signal"))
                fail(EXIT_USAGE, "--stop-the-world %s: expected auto, kernel, ptrace or signal", optarg);
            entries = append(entries, ":", lsan_entry("stop_the_world", optarg));
            break;
        case 'e': {
            char *end;
            errno = 0;
            long v = strtol(optarg, &end, 10);
            if (!*optarg || *end || errno || v < 0 || v > 255)
                fail(EXIT_USAGE, "--exitcode %s: expected an exit status, 0 to 255", optarg);
            entries = append(entries, ":", xstrdup_printf("exitcode=%ld", v));
            break;
        }
        case 'n':
            no_children = true;
            break;
        case ':':
            fail(EXIT_USAGE, "option '%s' needs a value", argv[prev]);
        default:
            if (optopt)
                fail(EXIT_USAGE, "unknown option '-%c'", optopt);
            fail(EXIT_USAGE, "unknown option '%s'", argv[prev]);
        }
    }
    if (optind >= argc)
        fail(EXIT_USAGE, "no PROGRAM to run");

    runtime = find_runtime();
    const char *name = argv[optind];
    int err = resolve_program(name, &program);
    if (err == ENOENT)
        fail(EXIT_REFUSED, "%s: %s", name,
             strchr(name, '/') ? "No such file or directory" : "command not found in PATH");
    if (err)
        fail(EXIT_CANNOT_RUN, "%s: %s", program ? program : name, strerror(err));
    bool via_sh = check_program(program, program, 0);

    char *preload = preload_value(runtime);
    setenv("LD_PRELOAD", preload, 1);
    free(preload);
    if (entries) {
        const char *old = getenv("LSAN_OPTIONS");
        char *opts = old && *old ? xstrdup_printf("%s:%s", old, entries) : xstrdup_printf("%s", entries);
        setenv("LSAN_OPTIONS", opts, 1);
        free(opts);
    }
    /* read by the runtime at start-up: it takes itself out of LD_PRELOAD */
    if (no_children)
        setenv("LEAKSAN_NO_CHILDREN", "1", 1);
    else
        unsetenv("LEAKSAN_NO_CHILDREN");
    return run(program, argv + optind, via_sh);
}
