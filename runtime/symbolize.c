/* Symbolization for reports: address -> (module, offset) via dl_iterate_phdr,
 * then function/file/line from one external llvm-symbolizer run per batch
 * (addr2line as fallback; dladdr's exported names, with one warning, when
 * neither can run), kept in a process-lifetime cache. Runs with the
 * world running; must not use libc malloc or stdio (it runs inside the
 * allocator's process), and every wait on the child has a deadline. */
#include "runtime/symbolize.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "platform/env.h"
#include "platform/errno.h"
#include "platform/fmt.h"
#include "platform/mem.h"
#include "platform/sigpipe.h"
#include "platform/mutex.h"
#include "platform/str.h"
#include "runtime/flags.h"

#ifndef SYS_close_range
#define SYS_close_range 436
#endif

#define BATCH_TIMEOUT_NS (30ull * 1000000000ull)
#define REAP_GRACE_NS (2ull * 1000000000ull)
#define MAX_OUTPUT (64ul << 20)
#define MAX_INLINED 64

extern char **__environ;

struct ent {
    uptr addr; /* 0 = empty slot */
    u32 n;     /* 0 = pending inside the current batch */
    const struct lsan_symbol *frames;
};

struct item {
    uptr addr, offset;
    const char *module;
    bool done;
};

enum tool_kind { TOOL_UNKNOWN, TOOL_LLVM, TOOL_ADDR2LINE, TOOL_NONE };

static struct lsan_mutex mu;

void lsan_symbolize_after_fork_child(void) { mu.state = 0; }
static struct ent *tab;
static size_t tab_cap, tab_used;
static struct mod {
    struct mod *next;
    char name[];
} *mods;
static enum tool_kind tool = TOOL_UNKNOWN;
static char tool_path[4096], a2l_path[4096]; /* a2l_path "" = no addr2line */

static size_t slot(uptr addr, size_t cap)
{
    return (size_t)((addr * 0x9E3779B97F4A7C15ull) >> 17) & (cap - 1);
}

static struct ent *cache_find(uptr addr)
{
    if (!tab)
        return NULL;
    for (size_t i = slot(addr, tab_cap);; i = (i + 1) & (tab_cap - 1)) {
        if (tab[i].addr == addr)
            return &tab[i];
        if (!tab[i].addr)
            return NULL;
    }
}

/* Inserts a pending entry for addr (or returns the one a fork left pending);
 * NULL if resolved already or out of memory. */
static struct ent *cache_insert(uptr addr)
{
    if ((tab_used + 1) * 2 > tab_cap) {
        size_t cap = tab_cap ? tab_cap * 2 : 1024;
        struct ent *t = lsan_mem_map(cap * sizeof(*t));
        if (!t)
            return NULL;
        for (size_t i = 0; i < tab_cap; i++) {
            if (!tab[i].addr)
                continue;
            size_t j = slot(tab[i].addr, cap);
            while (t[j].addr)
                j = (j + 1) & (cap - 1);
            t[j] = tab[i];
        }
        lsan_mem_unmap(tab, tab_cap * sizeof(*tab));
        tab = t;
        tab_cap = cap;
    }
    size_t i = slot(addr, tab_cap);
    /* An entry still pending (n == 0) came from a prefetch that a fork()
     * cut short in the parent: this process must resolve it itself. */
    for (; tab[i].addr; i = (i + 1) & (tab_cap - 1))
        if (tab[i].addr == addr)
            return tab[i].n ? NULL : &tab[i];
    tab[i].addr = addr;
    tab_used++;
    return &tab[i];
}

/* Module paths live once, for the life of the process (dlclose may free the
 * loader's copy). */
static const char *intern_module(const char *name)
{
    for (struct mod *m = mods; m; m = m->next)
        if (!lsan_str_cmp(m->name, name))
            return m->name;
    size_t len = lsan_str_len(name);
    struct mod *m = lsan_mem_persistent(sizeof(*m) + len + 1);
    if (!m)
        return NULL;
    lsan_mem_cpy(m->name, name, len + 1);
    m->next = mods;
    mods = m;
    return m->name;
}

struct find_arg {
    struct item *items;
    size_t n;
};

static int find_modules_cb(struct dl_phdr_info *info, size_t size, void *p)
{
    struct find_arg *a = p;
    const char *name = NULL;
    for (int k = 0; k < info->dlpi_phnum; k++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[k];
        if (ph->p_type != PT_LOAD)
            continue;
        uptr lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;
        for (size_t i = 0; i < a->n; i++) {
            struct item *it = &a->items[i];
            if (it->module || it->addr < lo || it->addr >= hi)
                continue;
            if (!name) {
                char exe[4096];
                const char *nm = info->dlpi_name;
                if (!nm || !*nm) {
                    /* not /proc/self: gone once main called pthread_exit */
                    long r = sys_readlink("/proc/thread-self/exe", exe, sizeof(exe) - 1);
                    exe[r > 0 ? r : 0] = 0;
                    nm = exe;
                }
                name = intern_module(nm);
                if (!name)
                    return 1;
            }
            it->module = name;
            it->offset = it->addr - info->dlpi_addr;
        }
    }
    return 0;
}

static bool is_exec(const char *p) { return *p && sys_access(p, X_OK) == 0; }

/* Finds NAME (or NAME itself if it holds a '/') in PATH; 0 or -ENOENT. */
static int find_exe(const char *name, char *out, size_t cap)
{
    if (lsan_str_str(name, "/")) {
        lsan_fmt_snprintf(out, cap, "%s", name);
        return is_exec(out) ? 0 : -ENOENT;
    }
    const char *path = lsan_env_get("PATH");
    if (!path)
        path = "/usr/local/bin:/usr/bin:/bin";
    while (*path) {
        const char *e = path;
        while (*e && *e != ':')
            e++;
        int len = (int)(e - path);
        if (len) {
            int r = lsan_fmt_snprintf(out, cap, "%.*s/%s", len, path, name);
            if (r > 0 && (size_t)r < cap && is_exec(out))
                return 0;
        }
        path = *e ? e + 1 : e;
    }
    return -ENOENT;
}

static void choose_tool(void)
{
    static const char *names[] = {"llvm-symbolizer", "llvm-symbolizer-14", "llvm-symbolizer-15",
                                  "llvm-symbolizer-16", "llvm-symbolizer-13",
                                  "/usr/lib/llvm-14/bin/llvm-symbolizer"};
    const char *want = lsan_flags.external_symbolizer_path;
    if (!want || !*want)
        want = lsan_env_get("LSAN_SYMBOLIZER_PATH");
    tool = TOOL_NONE;
    if (find_exe("addr2line", a2l_path, sizeof(a2l_path)) < 0)
        a2l_path[0] = 0;
    if (want && *want) {
        if (find_exe(want, tool_path, sizeof(tool_path)) == 0) {
            const char *base = lsan_str_rchr(tool_path, '/');
            base = base ? base + 1 : tool_path;
            tool = lsan_str_ncmp(base, "addr2line", 9) ? TOOL_LLVM : TOOL_ADDR2LINE;
            if (tool == TOOL_ADDR2LINE)
                lsan_mem_cpy(a2l_path, tool_path, sizeof(a2l_path));
            return;
        }
        lsan_fmt_eprintf("==%ld==leaksan: external symbolizer '%s' is not an executable file; "
                         "falling back to addr2line. Set external_symbolizer_path or "
                         "LSAN_SYMBOLIZER_PATH to an llvm-symbolizer.\n",
                         sys_getpid(), want);
        return;
    }
    for (size_t i = 0; i < LSAN_ARRAY_SIZE(names); i++) {
        if (find_exe(names[i], tool_path, sizeof(tool_path)) == 0) {
            tool = TOOL_LLVM;
            return;
        }
    }
}

/* Closes every fd from `lo` to `hi` (inclusive) except keep1 and keep2. */
static void close_except(int lo, int hi, int keep1, int keep2)
{
    int a = keep1 < keep2 ? keep1 : keep2, b = keep1 < keep2 ? keep2 : keep1;
    int bounds[][2] = {{lo, a - 1}, {a + 1, b - 1}, {b + 1, hi}};
    for (int i = 0; i < 3; i++) {
        int from = bounds[i][0] > lo ? bounds[i][0] : lo, to = bounds[i][1];
        if (from > to)
            continue;
        if (SYS3(SYS_close_range, from, (unsigned)to, 0) < 0) /* ENOSYS before Linux 5.9 */
            for (int fd = from; fd <= to && fd < 4096; fd++)
                sys_close(fd);
    }
}

static void child_exec(int in_fd, int out_fd, const char *path, char *const *argv,
                       char *const *envp)
{
    u64 none = 0;
    sys_rt_sigprocmask(SIG_SETMASK, &none, 0);
    /* The app's fds are not the tool's business, and closing them first
     * leaves room for the moves below even when the app used up its
     * RLIMIT_NOFILE. */
    close_except(3, 0x7fffffff, in_fd, out_fd);
    /* Move the pipes above 2 first: they may sit on 0..2. */
    long in = SYS3(SYS_fcntl, in_fd, F_DUPFD_CLOEXEC, 10);
    long out = SYS3(SYS_fcntl, out_fd, F_DUPFD_CLOEXEC, 10);
    long nul = sys_openat(AT_FDCWD, "/dev/null", O_WRONLY | O_CLOEXEC, 0);
    if (nul >= 0)
        nul = SYS3(SYS_fcntl, nul, F_DUPFD_CLOEXEC, 10);
    if (in < 0 || out < 0 || sys_dup2((int)in, 0) < 0 || sys_dup2((int)out, 1) < 0)
        sys_exit_group(127);
    if (nul >= 0)
        sys_dup2((int)nul, 2);
    sys_execve(path, argv, envp);
    sys_exit_group(127);
}

/* Feeds `in` to the child's stdin (*wfd, closed and set to -1 once all is
 * written) and collects its stdout until EOF, both through poll so neither
 * pipe can fill up and deadlock. */
static int exchange(int *wfd, int rfd, const char *in, size_t len, struct lsan_fmt_buf *out,
                    u64 deadline)
{
    char tmp[16384];
    size_t off = 0;
    for (;;) {
        if (*wfd >= 0 && off == len) {
            sys_close(*wfd);
            *wfd = -1;
        }
        u64 now = sys_now_ns();
        if (now >= deadline)
            return -ETIMEDOUT;
        struct pollfd p[2] = {{rfd, POLLIN, 0}, {*wfd, POLLOUT, 0}};
        long r = sys_poll(p, *wfd >= 0 ? 2 : 1, (int)((deadline - now) / 1000000) + 1);
        if (r < 0 && r != -EINTR)
            return (int)r;
        if (r > 0 && *wfd >= 0 && p[1].revents) {
            long w = sys_write(*wfd, in + off, len - off);
            if (w > 0)
                off += (size_t)w;
            else if (w != -EAGAIN && w != -EINTR)
                off = len; /* EPIPE: the child stopped reading; take what it wrote */
        }
        if (r > 0 && p[0].revents) {
            r = sys_read(rfd, tmp, sizeof(tmp));
            if (r == 0)
                return 0;
            if (r > 0)
                lsan_fmt_buf_append(out, tmp, (size_t)r);
            else if (r != -EAGAIN && r != -EINTR)
                return (int)r;
            if (out->len > MAX_OUTPUT)
                return -E2BIG;
        }
    }
}

/* Waits for pid until the deadline, then SIGKILLs it; returns its wait status
 * or -errno. */
static int reap(int pid, u64 deadline, bool kill_now)
{
    int st = 0;
    bool killed = false;
    for (;;) {
        if (kill_now || sys_now_ns() >= deadline) {
            if (killed)
                return -ETIMEDOUT; /* stuck even after SIGKILL: leave the zombie */
            sys_kill(pid, SIGKILL);
            killed = true;
            kill_now = false;
            deadline = sys_now_ns() + REAP_GRACE_NS;
        }
        long r = sys_wait4(pid, &st, WNOHANG | __WALL, 0);
        if (r == pid)
            return killed ? -ETIMEDOUT : st;
        if (r < 0 && r != -EINTR)
            return (int)r; /* ECHILD: SIGCHLD ignored or the app reaped it */
        sys_sleep_ns(1000000);
    }
}

/* The first reason a symbolizer could not run, for the one warning. */
static struct {
    const char *tool, *step;
    int err;
    u64 count; /* failures so far */
} failure;

static int fail(const char *tool, const char *step, int err)
{
    if (!failure.count++) {
        failure.tool = tool;
        failure.step = step;
        failure.err = -err;
    }
    return err;
}

/* Runs argv[0] with `in` on stdin; its stdout goes to out. 0 or -errno;
 * a failure is recorded in `failure`. */
static int run_tool(char *const *argv, const char *in, size_t len, struct lsan_fmt_buf *out,
                    u64 deadline)
{
    int to[2], from[2];
    long r = sys_pipe2(to, O_CLOEXEC);
    if (r < 0)
        return fail(argv[0], "pipe2", (int)r);
    if ((r = sys_pipe2(from, O_CLOEXEC)) < 0) {
        sys_close(to[0]);
        sys_close(to[1]);
        return fail(argv[0], "pipe2", (int)r);
    }
    /* The child's environment without LD_PRELOAD, so the tool does not load
     * (and leak-check, and symbolize with) leaksan itself. */
    size_t nenv = 0;
    for (char **e = __environ; e && *e; e++)
        nenv++;
    size_t envsz = (nenv + 1) * sizeof(char *);
    char **env = lsan_mem_map(envsz);
    int ret = -ENOMEM;
    long pid = -1;
    if (env) {
        size_t k = 0;
        for (size_t i = 0; i < nenv; i++)
            if (lsan_str_ncmp(__environ[i], "LD_PRELOAD=", 11))
                env[k++] = __environ[i];
        pid = sys_call6(SYS_clone, SIGCHLD, 0, 0, 0, 0, 0);
        if (pid == 0)
            child_exec(to[0], from[1], argv[0], argv, env);
        ret = pid < 0 ? fail(argv[0], "clone", (int)pid) : 0;
    } else {
        fail(argv[0], "mmap", ret);
    }
    sys_close(to[0]);
    sys_close(from[1]);
    if (pid > 0) {
        SYS3(SYS_fcntl, to[1], F_SETFL, O_NONBLOCK);
        SYS3(SYS_fcntl, from[0], F_SETFL, O_NONBLOCK);
        struct lsan_sigpipe_guard guard; /* a symbolizer that died: EPIPE */
        lsan_sigpipe_block(&guard);
        ret = exchange(&to[1], from[0], in, len, out, deadline);
        lsan_sigpipe_restore(&guard);
        int st = reap((int)pid, deadline, ret < 0);
        if (ret == 0 && st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 127 && !out->len)
            ret = fail(argv[0], "execve", -ENOEXEC);
        else if (ret == 0 && st == -ETIMEDOUT)
            ret = fail(argv[0], "wait", st);
        else if (ret < 0)
            fail(argv[0], ret == -ETIMEDOUT ? "wait" : "read", ret);
    }
    if (to[1] >= 0)
        sys_close(to[1]);
    sys_close(from[0]);
    lsan_mem_unmap(env, envsz);
    return ret;
}

/* Next line of the output; NULL at the end. Lines are NUL-terminated in place. */
static char *next_line(struct lsan_fmt_buf *b, size_t *pos)
{
    if (!b->data || *pos >= b->len)
        return NULL;
    char *s = b->data + *pos;
    size_t i = *pos;
    while (i < b->len && b->data[i] != '\n')
        i++;
    b->data[i] = 0;
    *pos = i + 1;
    return s;
}

static int parse_num(const char *s, const char *e)
{
    int v = 0;
    if (s == e)
        return -1;
    for (; s < e; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        v = v * 10 + (*s - '0');
    }
    return v;
}

/* Fills f from "FUNCTION" and "FILE:LINE[:COL]" (addr2line may append
 * " (discriminator N)"); "??" means unknown. */
static void parse_frame(struct lsan_symbol *f, const char *fn, char *loc, bool has_col)
{
    const char *d = lsan_str_str(loc, " (discriminator");
    size_t len = d ? (size_t)(d - loc) : lsan_str_len(loc);
    int nums[2] = {0, 0};
    for (int k = has_col ? 1 : 0; k >= 0; k--) {
        size_t c = len;
        while (c > 0 && loc[c - 1] != ':')
            c--;
        if (!c)
            break;
        int v = parse_num(loc + c, loc + len);
        nums[k] = v > 0 ? v : 0;
        len = c - 1;
    }
    loc[len] = 0;
    f->function = lsan_str_cmp(fn, "??") ? lsan_str_dup_persistent(fn) : NULL;
    f->file = *loc && lsan_str_cmp(loc, "??") ? lsan_str_dup_persistent(loc) : NULL;
    f->line = f->file ? nums[0] : 0;
    f->column = f->file ? nums[1] : 0;
}

static const struct lsan_symbol unknown; /* no module, nothing known */

/* Stores copies of fr[0..n) for it, with its module and offset. */
static void set_frames(struct item *it, const struct lsan_symbol *fr, u32 n)
{
    struct ent *e = cache_find(it->addr);
    struct lsan_symbol *dst = lsan_mem_persistent(n * sizeof(*dst));
    if (!e)
        return;
    it->done = true;
    e->frames = dst ? dst : &unknown;
    e->n = dst ? n : 1;
    if (!dst)
        return;
    lsan_mem_cpy(dst, fr, n * sizeof(*dst));
    for (u32 i = 0; i < n; i++) {
        dst[i].module = it->module;
        dst[i].module_offset = it->offset;
    }
}

static bool symbolizable(const struct item *it)
{
    const char *m = it->module;
    return !it->done && m && *m && !lsan_str_str(m, "\"") && !lsan_str_str(m, "\n") &&
           lsan_str_cmp(m, "linux-vdso.so.1") && lsan_str_cmp(m, "[vdso]");
}

static int run_llvm(struct item *items, size_t n, u64 deadline)
{
    char *argv[] = {tool_path, "--inlines", "--demangle", "--default-arch=x86_64",
                    "--output-style=LLVM", NULL};
    struct lsan_fmt_buf in = {0}, out = {0};
    char num[40];
    for (size_t i = 0; i < n; i++) {
        if (!symbolizable(&items[i]))
            continue;
        lsan_fmt_buf_append(&in, "\"", 1);
        lsan_fmt_buf_append(&in, items[i].module, lsan_str_len(items[i].module));
        int l = lsan_fmt_snprintf(num, sizeof(num), "\" 0x%lx\n", (unsigned long)items[i].offset);
        lsan_fmt_buf_append(&in, num, (size_t)l);
    }
    if (!in.len)
        return 0;
    int ret = run_tool(argv, in.data, in.len, &out, deadline);
    if (ret == 0 && !out.len)
        ret = -ENOEXEC; /* a real llvm-symbolizer answers every line */
    size_t pos = 0;
    struct lsan_symbol fr[MAX_INLINED];
    for (size_t i = 0; i < n; i++) {
        if (!symbolizable(&items[i]))
            continue;
        u32 k = 0;
        char *fn;
        while ((fn = next_line(&out, &pos)) && *fn) {
            char *loc = next_line(&out, &pos);
            if (!loc)
                break;
            if (k < MAX_INLINED)
                parse_frame(&fr[k++], fn, loc, true);
        }
        if (!fn || !k)
            break; /* truncated output: leave the rest to the fallback */
        set_frames(&items[i], fr, k);
    }
    lsan_fmt_buf_free(&in);
    lsan_fmt_buf_free(&out);
    return ret;
}

/* addr2line knows one module per run; -a starts each address's frames with
 * an "0x..." line, which marks where an inline chain ends. */
static void run_addr2line(struct item *items, size_t n, u64 deadline)
{
    for (size_t m = 0; a2l_path[0] && m < n && sys_now_ns() < deadline; m++) {
        if (!symbolizable(&items[m]))
            continue;
        const char *mod = items[m].module;
        char *argv[] = {a2l_path, "-f", "-C", "-i", "-a", "-e", (char *)mod, NULL};
        struct lsan_fmt_buf in = {0}, out = {0};
        char num[40];
        for (size_t i = m; i < n; i++) {
            if (items[i].module == mod && symbolizable(&items[i]))
                lsan_fmt_buf_append(&in, num, (size_t)lsan_fmt_snprintf(num, sizeof(num), "0x%lx\n",
                                                                        (unsigned long)items[i].offset));
        }
        run_tool(argv, in.data, in.len, &out, deadline);
        size_t pos = 0;
        char *line = next_line(&out, &pos);
        struct lsan_symbol fr[MAX_INLINED];
        for (size_t i = m; i < n && line; i++) {
            if (items[i].module != mod || !symbolizable(&items[i]))
                continue;
            if (line[0] != '0' || line[1] != 'x')
                break;
            u32 k = 0;
            while ((line = next_line(&out, &pos)) && !(line[0] == '0' && line[1] == 'x')) {
                char *loc = next_line(&out, &pos);
                if (!loc)
                    break;
                if (k < MAX_INLINED)
                    parse_frame(&fr[k++], line, loc, false);
            }
            if (k)
                set_frames(&items[i], fr, k);
        }
        for (size_t i = m; i < n; i++) /* failed or not: never retry this module */
            if (items[i].module == mod)
                items[i].done = true;
        lsan_fmt_buf_free(&in);
        lsan_fmt_buf_free(&out);
    }
}

static unsigned long rlimit_cur(int res)
{
    struct rlimit rl = {0, 0};
    return sys_getrlimit(res, &rl) == 0 ? (unsigned long)rl.rlim_cur : 0;
}

/* One warning per process, the first time symbolization fails: what failed,
 * why, what it costs and what to do. */
static void warn_failure(void)
{
    static bool warned;
    if (warned)
        return;
    warned = true;
    char why[200];
    const char *todo;
    int e = failure.err;
    if (e == EMFILE) {
        lsan_fmt_snprintf(why, sizeof(why), "no free file descriptor (RLIMIT_NOFILE is %lu)",
                          rlimit_cur(RLIMIT_NOFILE));
        todo = "raise the limit (ulimit -n) or close file descriptors before the leak check";
    } else if (e == ENFILE) {
        lsan_fmt_snprintf(why, sizeof(why), "the system-wide file table is full");
        todo = "close files elsewhere or raise fs.file-max";
    } else if (e == EAGAIN && !lsan_str_cmp(failure.step, "clone")) {
        lsan_fmt_snprintf(why, sizeof(why),
                          "no new process allowed (RLIMIT_NPROC is %lu for this user, or the "
                          "system is out of processes)",
                          rlimit_cur(RLIMIT_NPROC));
        todo = "raise the limit (ulimit -u) or run fewer processes";
    } else if (e == ENOEXEC) {
        lsan_fmt_snprintf(why, sizeof(why), "it exited with status 127 without answering: it "
                                            "could not be executed");
        todo = "point external_symbolizer_path at a working llvm-symbolizer";
    } else if (e == ETIMEDOUT) {
        lsan_fmt_snprintf(why, sizeof(why), "it did not answer within %llu s",
                          (unsigned long long)(BATCH_TIMEOUT_NS / 1000000000ull));
        todo = "check that external_symbolizer_path is llvm-symbolizer and the binaries are "
               "readable";
    } else if (e == ENOENT && !lsan_str_cmp(failure.step, "search")) {
        lsan_fmt_snprintf(why, sizeof(why), "neither llvm-symbolizer nor addr2line is in PATH");
        todo = "install llvm-symbolizer or set external_symbolizer_path";
    } else {
        lsan_fmt_snprintf(why, sizeof(why), "errno %d", e);
        todo = "see the errno above";
    }
    char what[4200];
    if (failure.tool)
        lsan_fmt_snprintf(what, sizeof(what), "cannot run the symbolizer '%s': %s failed",
                          failure.tool, failure.step);
    else
        lsan_fmt_snprintf(what, sizeof(what), "no symbolizer found");
    lsan_fmt_eprintf("==%ld==leaksan: WARNING: %s: %s (%s); frames show only exported function "
                     "names (from the dynamic symbol table) and module+offset, and suppressions "
                     "match only those names (no static functions, source files or lines). To "
                     "fix: %s.\n",
                     sys_getpid(), what, why, lsan_errno_name(e), todo);
}

/* What can be had without a child process: the exported (dynamic) symbol
 * holding addr, from the loader's tables. World running only. */
static void set_from_dladdr(struct item *it)
{
    Dl_info info;
    struct lsan_symbol f = unknown;
    if (it->module && dladdr((void *)it->addr, &info) && info.dli_sname && info.dli_saddr &&
        (uptr)info.dli_saddr <= it->addr)
        f.function = lsan_str_dup_persistent(info.dli_sname);
    set_frames(it, &f, 1);
}

void lsan_symbolize_prefetch(const uptr *addrs, size_t n)
{
    if (!n)
        return;
    lsan_mutex_lock(&mu);
    size_t sz = n * sizeof(struct item), cnt = 0;
    struct item *items = lsan_mem_map(sz);
    if (!items) {
        lsan_mutex_unlock(&mu);
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (addrs[i] && cache_insert(addrs[i]))
            items[cnt++].addr = addrs[i];
    if (cnt) {
        struct find_arg fa = {items, cnt};
        dl_iterate_phdr(find_modules_cb, &fa);
        u64 had = failure.count;
        if (lsan_flags.symbolize) {
            u64 deadline = sys_now_ns() + BATCH_TIMEOUT_NS;
            if (tool == TOOL_UNKNOWN)
                choose_tool();
            if (tool == TOOL_LLVM) {
                int r = run_llvm(items, cnt, deadline);
                /* Not runnable, or hung (which would cost every report 30 s). */
                if (r == -ENOEXEC || r == -ETIMEDOUT)
                    tool = TOOL_NONE;
            }
            if (tool != TOOL_LLVM && !a2l_path[0])
                fail(NULL, "search", -ENOENT);
            run_addr2line(items, cnt, deadline);
        }
        /* Frames no tool answered for: if one could not run, what the
         * loader knows; else nothing (the tool found nothing either). */
        bool failed = failure.count != had, left = false;
        for (size_t i = 0; i < cnt; i++) {
            struct ent *e = cache_find(items[i].addr);
            if (e && !e->n) {
                left |= symbolizable(&items[i]) || items[i].module;
                if (failed)
                    set_from_dladdr(&items[i]);
                else
                    set_frames(&items[i], &unknown, 1);
            }
        }
        if (failed && left)
            warn_failure();
    }
    lsan_mem_unmap(items, sz);
    lsan_mutex_unlock(&mu);
}

/* Frames are persistent, so they outlive the lock; the table slot does not. */
static u32 lookup(uptr addr, const struct lsan_symbol **out)
{
    lsan_mutex_lock(&mu);
    struct ent *e = cache_find(addr);
    u32 n = e ? e->n : 0;
    *out = n ? e->frames : &unknown;
    lsan_mutex_unlock(&mu);
    return n;
}

u32 lsan_symbolize(uptr addr, const struct lsan_symbol **out)
{
    u32 n = lookup(addr, out);
    if (n)
        return n;
    lsan_symbolize_prefetch(&addr, 1);
    n = lookup(addr, out);
    return n ? n : 1;
}
