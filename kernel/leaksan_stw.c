// SPDX-License-Identifier: GPL-2.0
/*
 * leaksan_stw: a whole-thread-group stop for leak checkers, as one ioctl on
 * /dev/leaksan-stw. It acts only on the caller's own thread group: no call
 * names a task, so nothing lets one process stop, read or slow another.
 *
 * A stop queues a task work with signal-style notification (TWA_SIGNAL) on
 * every other thread of the group. Each thread runs it on its way back to
 * user mode, saves its own user registers, fs base and XSAVE image, says it
 * is stopped and waits, killably and with deadlines, until the stop ends.
 * No signal is queued: no handler runs, and an interrupted system call is
 * restarted by the usual -ERESTART* path of arch_do_signal_or_restart().
 */
#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/hash.h>
#include <linux/jiffies.h>
#include <linux/kref.h>
#include <linux/ktime.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/task_work.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <asm/fpu/api.h>
#include <asm/fsgsbase.h>
#include <asm/msr.h>
#include <asm/syscall.h>
#include <asm/unistd.h>

#include "uapi/leaksan_stw.h"

#define MAX_TIMEOUT_NS (3600ull * NSEC_PER_SEC)
#define MAX_HOLD_NS (86400ull * NSEC_PER_SEC)
#define MAX_CAPACITY (1u << 22)
/* How often the stop's watcher (its first stopped thread) looks at the
 * owner and the hold deadline; the other stopped threads look only every
 * WATCH_BACKUP_JIFFIES, so 1000 stopped threads do not wake 20 000 times a
 * second while the caller scans. */
#define POLL_JIFFIES (HZ / 20 ? HZ / 20 : 1)
#define WATCH_BACKUP_JIFFIES HZ

enum { W_PENDING, W_STOPPED, W_EXITING, W_GONE };
enum { P_STOPPING, P_STOPPED, P_OVER };

struct stw_stop;

/* One thread's part in one stop. Two references: the stop's table (until
 * the stop ends) and the queued task work (until it has run: a work that
 * was queued but not run when the stop ended runs later, sees P_OVER and
 * only drops its references; task_work_cancel is not exported). */
struct stw_work {
	struct callback_head cb;
	refcount_t refs;
	struct stw_stop *stop;
	struct task_struct *task;  /* a reference, dropped when the stop ends */
	int state;                 /* W_*, under stop->lock */
	pid_t tid;
	struct leaksan_stw_regs regs;
	u8 *xsave;                 /* 64-byte aligned, inside buf */
	u8 buf[];
};

struct stw_stop {
	struct kref kref;          /* the table's entry, the caller, each queued work */
	struct list_head node;     /* in stops while the stop is on */
	struct signal_struct *group;  /* the key; kept alive by the owner reference */
	struct task_struct *owner;
	bool watched;              /* a stopped thread is the watcher; under lock */
	struct file *file;         /* the file the stop came through (no reference) */
	spinlock_t lock;
	int phase;                 /* P_*, under lock; read with READ_ONCE */
	unsigned int pending;      /* works queued and not yet stopped or gone */
	u64 hold_deadline_ns;
	wait_queue_head_t stopped_wq;  /* the caller: a thread stopped or left */
	wait_queue_head_t resume_wq;   /* the stopped threads: the stop is over */
	struct stw_work **works;   /* the table, owned by whoever ends the stop */
	unsigned int n_works, cap_works;
	struct task_struct **hash; /* open addressing on the task pointer */
	unsigned int hash_mask;
};

static DEFINE_MUTEX(stops_lock);
static LIST_HEAD(stops);
static unsigned int xsave_size, record_size;

static void stop_free(struct kref *k)
{
	struct stw_stop *s = container_of(k, struct stw_stop, kref);

	put_task_struct(s->owner);
	kfree(s);
}

static void stop_put(struct stw_stop *s)
{
	kref_put(&s->kref, stop_free);
}

static void work_put(struct stw_work *w)
{
	if (refcount_dec_and_test(&w->refs))
		kfree(w);
}

/* Ends the stop once, whoever calls first: removes it from the table of
 * stops, wakes the stopped threads and frees its thread table. */
static void stop_end(struct stw_stop *s)
{
	struct stw_work **works;
	struct task_struct **hash;
	unsigned int n, i;

	mutex_lock(&stops_lock);
	spin_lock_irq(&s->lock);
	if (s->phase == P_OVER) {
		spin_unlock_irq(&s->lock);
		mutex_unlock(&stops_lock);
		return;
	}
	s->phase = P_OVER;
	works = s->works;
	hash = s->hash;
	n = s->n_works;
	s->works = NULL;
	s->hash = NULL;
	s->n_works = 0;
	spin_unlock_irq(&s->lock);
	list_del_init(&s->node);
	mutex_unlock(&stops_lock);
	wake_up_all(&s->resume_wq);
	for (i = 0; i < n; i++) {
		put_task_struct(works[i]->task);
		work_put(works[i]);
	}
	kvfree(works);
	kvfree(hash);
	stop_put(s); /* the table's reference */
}

static bool owner_gone(struct stw_stop *s)
{
	return READ_ONCE(s->owner->flags) & PF_EXITING;
}

/* The user registers of current, which is on its way back to user mode. */
static void save_regs(struct leaksan_stw_regs *o)
{
	const struct pt_regs *r = task_pt_regs(current);
	unsigned short sel;

	o->r15 = r->r15;
	o->r14 = r->r14;
	o->r13 = r->r13;
	o->r12 = r->r12;
	o->rbp = r->bp;
	o->rbx = r->bx;
	o->r11 = r->r11;
	o->r10 = r->r10;
	o->r9 = r->r9;
	o->r8 = r->r8;
	o->rax = r->ax;
	o->rcx = r->cx;
	o->rdx = r->dx;
	o->rsi = r->si;
	o->rdi = r->di;
	o->orig_rax = r->orig_ax;
	o->rip = r->ip;
	o->cs = r->cs;
	o->eflags = r->flags;
	o->rsp = r->sp;
	o->ss = r->ss;
	savesegment(ds, sel);
	o->ds = sel;
	savesegment(es, sel);
	o->es = sel;
	savesegment(fs, sel);
	o->fs = sel;
	savesegment(gs, sel);
	o->gs = sel;
}

/* The fs and gs bases and the XSAVE image of current, read on its own CPU
 * with preemption and softirqs off (fpregs_lock): switch_fpu_return() puts
 * the user FPU state into the registers if a context switch had moved it to
 * memory, then XSAVE writes exactly the user features of XCR0. */
static void save_fpu_and_bases(struct stw_work *w)
{
	u64 gs;

	fpregs_lock();
	w->regs.fs_base = x86_fsbase_read_cpu();
	rdmsrl(MSR_KERNEL_GS_BASE, gs);  /* the user's while in the kernel */
	w->regs.gs_base = gs;
	switch_fpu_return();
	if (boot_cpu_has(X86_FEATURE_XSAVE))
		asm volatile("xsave64 %0" : "+m"(*(u8(*)[512 + 64])w->xsave)
			     : "a"(0xffffffffu), "d"(0xffffffffu) : "memory");
	else
		asm volatile("fxsaveq %0" : "+m"(*(u8(*)[512])w->xsave) : : "memory");
	fpregs_unlock();
}

/* A thread woken from a wait for the stop returns to user mode through
 * arch_do_signal_or_restart(), which restarts -ERESTARTSYS, -ERESTARTNOHAND,
 * -ERESTARTNOINTR and -ERESTART_RESTARTBLOCK when no signal is delivered.
 * These calls return -EINTR directly whenever signal_pending(), which
 * TIF_NOTIFY_SIGNAL makes true: they did nothing, so when no real signal is
 * pending they are restarted too (a relative timeout starts again). */
static void restart_eintr(void)
{
	struct pt_regs *r = task_pt_regs(current);
	long nr = syscall_get_nr(current, r);

	if (r->ax != (unsigned long)-EINTR || task_sigpending(current))
		return;
	switch (nr) {
	case __NR_epoll_wait:
	case __NR_epoll_pwait:
	case __NR_epoll_pwait2:
	case __NR_rt_sigtimedwait:
	case __NR_semop:
	case __NR_semtimedop:
	case __NR_io_getevents:
	case __NR_io_pgetevents:
		r->ax = (unsigned long)-ERESTARTNOHAND;
		break;
	}
}

/* Waits for the end of the stop; a fatal signal (SIGKILL, exec, group exit)
 * ends the wait at once. A stopped world whose owner exited alone, or that
 * outlived its hold deadline, is ended here. */
static void wait_for_resume(struct stw_stop *s, bool watcher)
{
	long poll = watcher ? POLL_JIFFIES : WATCH_BACKUP_JIFFIES;

	for (;;) {
		long left = wait_event_killable_timeout(s->resume_wq,
							READ_ONCE(s->phase) == P_OVER, poll);
		if (left)
			return;
		if (READ_ONCE(s->phase) == P_STOPPED &&
		    (owner_gone(s) || ktime_get_ns() >= READ_ONCE(s->hold_deadline_ns))) {
			stop_end(s);
			return;
		}
	}
}

static void stw_work_fn(struct callback_head *cb)
{
	struct stw_work *w = container_of(cb, struct stw_work, cb);
	struct stw_stop *s = w->stop;
	bool stopped = false, watcher = false;

	spin_lock_irq(&s->lock);
	if (s->phase != P_OVER && w->state == W_PENDING && (current->flags & PF_EXITING)) {
		w->state = W_EXITING;
		if (!--s->pending)
			wake_up(&s->stopped_wq);
	} else if (s->phase != P_OVER && w->state == W_PENDING) {
		spin_unlock_irq(&s->lock);
		save_regs(&w->regs);
		save_fpu_and_bases(w);
		spin_lock_irq(&s->lock);
		if (s->phase != P_OVER) {
			w->state = W_STOPPED;
			stopped = true;
			watcher = !s->watched;
			s->watched = true;
			/* the caller waits for the last one only */
			if (!--s->pending)
				wake_up(&s->stopped_wq);
		}
	}
	spin_unlock_irq(&s->lock);
	if (stopped) {
		wait_for_resume(s, watcher);
		restart_eintr();
	}
	work_put(w);
	stop_put(s);
	/* Last: a tail call, so no code of this module runs after the
	 * reference that keeps it loaded is gone (checked by the Makefile's
	 * `check` target). */
	module_put(THIS_MODULE);
}

static unsigned int hash_of(const struct task_struct *t, unsigned int mask)
{
	return hash_ptr((void *)t, 32) & mask;
}

static bool known(struct stw_stop *s, const struct task_struct *t)
{
	unsigned int h = hash_of(t, s->hash_mask);

	while (s->hash[h] && s->hash[h] != t)
		h = (h + 1) & s->hash_mask;
	return s->hash[h] == t;
}

/* Room for n more works in the table and the hash (at most half full). */
static int reserve(struct stw_stop *s, unsigned int n)
{
	unsigned int need = s->n_works + n, cap = s->cap_works, i, h;
	struct stw_work **works;
	struct task_struct **hash;

	if (need <= cap)
		return 0;
	while (cap < need)
		cap = cap ? 2 * cap : 64;
	works = kvmalloc_array(cap, sizeof(*works), GFP_KERNEL_ACCOUNT);
	hash = kvcalloc(2 * cap, sizeof(*hash), GFP_KERNEL_ACCOUNT);
	if (!works || !hash) {
		kvfree(works);
		kvfree(hash);
		return -ENOMEM;
	}
	for (i = 0; i < s->n_works; i++) {
		works[i] = s->works[i];
		for (h = hash_of(works[i]->task, 2 * cap - 1); hash[h]; h = (h + 1) & (2 * cap - 1))
			;
		hash[h] = works[i]->task;
	}
	spin_lock_irq(&s->lock);
	swap(s->works, works);
	swap(s->hash, hash);
	s->cap_works = cap;
	s->hash_mask = 2 * cap - 1;
	spin_unlock_irq(&s->lock);
	kvfree(works);
	kvfree(hash);
	return 0;
}

static void add_known(struct stw_stop *s, struct stw_work *w)
{
	unsigned int h = hash_of(w->task, s->hash_mask);

	while (s->hash[h])
		h = (h + 1) & s->hash_mask;
	s->hash[h] = w->task;
	s->works[s->n_works++] = w;
}

/* Queues the work on t (a reference the caller passes on). */
static int add_thread(struct stw_stop *s, struct task_struct *t)
{
	struct stw_work *w = kzalloc(sizeof(*w) + 64 + xsave_size, GFP_KERNEL_ACCOUNT);

	if (!w) {
		put_task_struct(t);
		return -ENOMEM;
	}
	init_task_work(&w->cb, stw_work_fn);
	refcount_set(&w->refs, 1);
	w->stop = s;
	w->task = t;
	w->tid = task_pid_vnr(t);
	w->xsave = PTR_ALIGN(&w->buf[0], 64);
	w->state = W_PENDING;
	add_known(s, w);
	if (READ_ONCE(t->flags) & PF_EXITING) {
		w->state = W_EXITING;
		return 0;
	}
	refcount_inc(&w->refs);
	kref_get(&s->kref);
	__module_get(THIS_MODULE);
	spin_lock_irq(&s->lock);
	s->pending++;
	spin_unlock_irq(&s->lock);
	if (task_work_add(t, &w->cb, TWA_SIGNAL)) {
		/* past exit_task_work: it will never run user code again */
		spin_lock_irq(&s->lock);
		s->pending--;
		w->state = W_GONE;
		spin_unlock_irq(&s->lock);
		work_put(w);
		stop_put(s);
		module_put(THIS_MODULE);
	}
	return 0;
}

/* Queues the work on every thread of the group not seen yet. Returns the
 * number found, or -errno. */
static int add_new_threads(struct stw_stop *s)
{
	unsigned int cap = get_nr_threads(current) + 16, n = 0, i;
	struct task_struct **batch, *t;
	int err = 0;

	batch = kvmalloc_array(cap, sizeof(*batch), GFP_KERNEL);
	if (!batch)
		return -ENOMEM;
	err = reserve(s, cap);
	rcu_read_lock();
	for_each_thread(current, t) {
		if (err || n == cap)
			break;
		if (t == current || (t->flags & PF_IO_WORKER) || known(s, t))
			continue;
		get_task_struct(t);
		batch[n++] = t;
	}
	rcu_read_unlock();
	for (i = 0; i < n; i++) {
		if (err)
			put_task_struct(batch[i]);
		else
			err = add_thread(s, batch[i]);
	}
	kvfree(batch);
	return err ? err : (int)n;
}

/* A thread that has not stopped yet (0 if it did meanwhile). */
static int first_pending_tid(struct stw_stop *s)
{
	unsigned int i;
	int tid = 0;

	spin_lock_irq(&s->lock);
	for (i = 0; i < s->n_works && !tid; i++)
		if (s->works[i]->state == W_PENDING)
			tid = s->works[i]->tid;
	spin_unlock_irq(&s->lock);
	return tid;
}

/* Stops every other thread: passes until one finds no new thread while all
 * known ones have stopped or left (a stopped thread creates no thread). */
static int stop_all(struct stw_stop *s, struct leaksan_stw_stop *a)
{
	u64 start = ktime_get_ns(), deadline = start + a->timeout_ns;
	int found;

	for (;;) {
		found = add_new_threads(s);
		if (found < 0)
			return found;
		if (!found && !READ_ONCE(s->pending))
			break;
		while (READ_ONCE(s->pending)) {
			u64 now = ktime_get_ns();
			long r;

			if (now >= deadline) {
				a->failed_tid = first_pending_tid(s);
				return -ETIMEDOUT;
			}
			r = wait_event_killable_timeout(s->stopped_wq, !READ_ONCE(s->pending),
							nsecs_to_jiffies(deadline - now) + 1);
			if (r < 0)
				return -EINTR;
		}
	}
	a->stop_ns = ktime_get_ns() - start;
	return 0;
}

static int write_records(struct stw_stop *s, struct leaksan_stw_stop *a)
{
	u8 __user *out = u64_to_user_ptr(a->buffer);
	struct leaksan_stw_record rec;
	unsigned int i, n = 0;

	for (i = 0; i < s->n_works; i++)
		n += s->works[i]->state == W_STOPPED || s->works[i]->state == W_EXITING;
	a->count = n;
	if (n > a->capacity)
		return -E2BIG;
	for (i = 0; i < s->n_works; i++) {
		struct stw_work *w = s->works[i];

		if (w->state != W_STOPPED && w->state != W_EXITING)
			continue;
		memset(&rec, 0, sizeof(rec));
		rec.tid = w->tid;
		rec.status = w->state == W_STOPPED ? LEAKSAN_STW_STOPPED : LEAKSAN_STW_EXITING;
		if (w->state == W_STOPPED) {
			rec.xsave_size = xsave_size;
			rec.regs = w->regs;
		}
		if (copy_to_user(out, &rec, sizeof(rec)) ||
		    (rec.xsave_size &&
		     copy_to_user(out + LEAKSAN_STW_XSAVE_OFFSET, w->xsave, xsave_size)))
			return -EFAULT;
		out += record_size;
	}
	return 0;
}

static struct stw_stop *stop_new(struct file *f)
{
	struct stw_stop *s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);

	if (!s)
		return NULL;
	kref_init(&s->kref);
	INIT_LIST_HEAD(&s->node);
	s->group = current->signal;
	s->owner = get_task_struct(current);
	s->file = f;
	spin_lock_init(&s->lock);
	s->phase = P_STOPPING;
	init_waitqueue_head(&s->stopped_wq);
	init_waitqueue_head(&s->resume_wq);
	return s;
}

/* Enters s in the table of stops unless its group has one: the table's
 * reference is s's first. */
static int stop_register(struct stw_stop *s)
{
	struct stw_stop *o;

	mutex_lock(&stops_lock);
	list_for_each_entry(o, &stops, node) {
		if (o->group == s->group) {
			mutex_unlock(&stops_lock);
			return -EBUSY;
		}
	}
	list_add(&s->node, &stops);
	kref_get(&s->kref);
	mutex_unlock(&stops_lock);
	return 0;
}

static long ioctl_stop(struct file *f, struct leaksan_stw_stop __user *ua)
{
	struct leaksan_stw_stop a;
	struct stw_stop *s;
	int err;

	if (copy_from_user(&a, ua, sizeof(a)))
		return -EFAULT;
	if (!a.timeout_ns || a.timeout_ns > MAX_TIMEOUT_NS || !a.hold_ns || a.hold_ns > MAX_HOLD_NS ||
	    a.capacity > MAX_CAPACITY || a.reserved)
		return -EINVAL;
	a.count = 0;
	a.failed_tid = 0;
	a.stop_ns = 0;
	s = stop_new(f);
	if (!s)
		return -ENOMEM;
	err = stop_register(s);
	if (!err)
		err = stop_all(s, &a);
	if (!err)
		err = write_records(s, &a);
	if (copy_to_user(ua, &a, sizeof(a)) && !err)
		err = -EFAULT;
	if (!err) {
		/* from here the stop may end any time: the thread table is not
		 * the caller's any more */
		spin_lock_irq(&s->lock);
		s->hold_deadline_ns = ktime_get_ns() + a.hold_ns;
		s->phase = P_STOPPED;
		spin_unlock_irq(&s->lock);
	} else if (err != -EBUSY) {
		stop_end(s);
	}
	stop_put(s); /* the caller's reference */
	return err;
}

/* The group's stop when it is stopped (not while it is being set up, when
 * its table is its caller's), with a reference. */
static struct stw_stop *stopped_of(struct signal_struct *group, struct file *f, int *phase)
{
	struct stw_stop *o, *s = NULL;

	*phase = -1;
	mutex_lock(&stops_lock);
	list_for_each_entry(o, &stops, node) {
		if (group ? o->group != group : o->file != f)
			continue;
		*phase = READ_ONCE(o->phase);
		if (*phase == P_STOPPED) {
			s = o;
			kref_get(&s->kref);
		}
		break;
	}
	mutex_unlock(&stops_lock);
	return s;
}

static long ioctl_resume(void)
{
	int phase;
	struct stw_stop *s = stopped_of(current->signal, NULL, &phase);

	if (!s)
		return phase == P_STOPPING ? -EBUSY : -EINVAL;
	stop_end(s);
	stop_put(s);
	return 0;
}

static long ioctl_info(struct leaksan_stw_info __user *ua)
{
	struct leaksan_stw_info i = {
		.abi_version = LEAKSAN_STW_ABI_VERSION,
		.record_size = record_size,
		.xsave_size = xsave_size,
	};

	return copy_to_user(ua, &i, sizeof(i)) ? -EFAULT : 0;
}

static long stw_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	if (in_compat_syscall())
		return -ENOTTY; /* the records are x86-64 layouts */
	switch (cmd) {
	case LEAKSAN_STW_IOC_INFO:
		return ioctl_info((void __user *)arg);
	case LEAKSAN_STW_IOC_STOP:
		return ioctl_stop(f, (void __user *)arg);
	case LEAKSAN_STW_IOC_RESUME:
		return ioctl_resume();
	}
	return -ENOTTY;
}

/* The last close of a file (close, exit, exec with O_CLOEXEC) ends the
 * stop that came through it. */
static int stw_release(struct inode *inode, struct file *f)
{
	int phase;
	struct stw_stop *s = stopped_of(NULL, f, &phase);

	if (s) {
		stop_end(s);
		stop_put(s);
	}
	return 0;
}

static const struct file_operations stw_fops = {
	.owner = THIS_MODULE,
	.open = nonseekable_open,
	.release = stw_release,
	.unlocked_ioctl = stw_ioctl,
	.llseek = no_llseek,
};

static struct miscdevice stw_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "leaksan-stw",
	.fops = &stw_fops,
	.mode = 0666,
};

static int __init stw_init(void)
{
	unsigned int a, b, c, d;

	xsave_size = 512;
	if (boot_cpu_has(X86_FEATURE_XSAVE)) {
		cpuid_count(0xd, 0, &a, &b, &c, &d);
		xsave_size = max(b, 512u + 64u); /* the size for XCR0's features */
	}
	record_size = ALIGN(LEAKSAN_STW_XSAVE_OFFSET + xsave_size, 64);
	BUILD_BUG_ON(sizeof(struct leaksan_stw_record) > LEAKSAN_STW_XSAVE_OFFSET);
	return misc_register(&stw_dev);
}

static void __exit stw_exit(void)
{
	misc_deregister(&stw_dev);
}

module_init(stw_init);
module_exit(stw_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("leaksan");
MODULE_DESCRIPTION("Whole-thread-group stop for the leaksan leak checker (/dev/leaksan-stw)");
