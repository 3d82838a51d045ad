/*
 * kernelhelper: the cloud-kernel-agent's JNI helper. Raw system calls only (bpf(2), netlink, poll(2), setns(2)),
 * no libbpf. Every failure raises io.multisystem.kernel.nativeio.NativeCallException(op, errno, errnoName, log);
 * the Java side adds the hint (which capability is missing, ...). ABI version: KH_ABI_VERSION, checked by Java.
 */
#define _GNU_SOURCE
#include <jni.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <linux/bpf.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include "io_multisystem_kernel_nativeio_KernelNative.h"

#define KH_ABI_VERSION 3
#define EXC_CLASS "io/multisystem/kernel/nativeio/NativeCallException"
#define LOG_SIZE (1 << 20)

static void throw_errno(JNIEnv *env, const char *op, int err, const char *log) {
    jclass cls = (*env)->FindClass(env, EXC_CLASS);
    if (cls == NULL) return;
    jmethodID ctor = (*env)->GetMethodID(env, cls, "<init>", "(Ljava/lang/String;ILjava/lang/String;Ljava/lang/String;)V");
    if (ctor == NULL) return;
    const char *name = strerrorname_np(err);
    jstring jop = (*env)->NewStringUTF(env, op);
    jstring jname = (*env)->NewStringUTF(env, name ? name : "EUNKNOWN");
    jstring jlog = log ? (*env)->NewStringUTF(env, log) : NULL;
    jobject ex = (*env)->NewObject(env, cls, ctor, jop, (jint) err, jname, jlog);
    if (ex) (*env)->Throw(env, (jthrowable) ex);
}

static long sys_bpf(int cmd, union bpf_attr *attr) {
    return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static uint64_t ptr(const void *p) { return (uint64_t) (uintptr_t) p; }

JNIEXPORT jint JNICALL Java_io_multisystem_kernel_nativeio_KernelNative_abiVersion(JNIEnv *env, jclass c) {
    return KH_ABI_VERSION;
}

JNIEXPORT jint JNICALL Java_io_multisystem_kernel_nativeio_KernelNative_bpfMapCreate(JNIEnv *env, jclass c,
        jint type, jint keySize, jint valueSize, jint maxEntries, jint flags, jstring name) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.map_type = type;
    attr.key_size = keySize;
    attr.value_size = valueSize;
    attr.max_entries = maxEntries;
    attr.map_flags = flags;
    if (name) {
        const char *n = (*env)->GetStringUTFChars(env, name, NULL);
        strncpy(attr.map_name, n, BPF_OBJ_NAME_LEN - 1);
        (*env)->ReleaseStringUTFChars(env, name, n);
    }
    long fd = sys_bpf(BPF_MAP_CREATE, &attr);
    if (fd < 0) { throw_errno(env, "BPF_MAP_CREATE", errno, NULL); return -1; }
    return (jint) fd;
}

JNIEXPORT void JNICALL Java_io_multisystem_kernel_nativeio_KernelNative_bpfMapUpdate(JNIEnv *env, jclass c,
        jint fd, jbyteArray key, jbyteArray value, jlong flags) {
    jbyte *k = (*env)->GetByteArrayElements(env, key, NULL);
    jbyte *v = (*env)->GetByteArrayElements(env, value, NULL);
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.map_fd = fd;
    attr.key = ptr(k);
    attr.value = ptr(v);
    attr.flags = flags;
    long rc = sys_bpf(BPF_MAP_UPDATE_ELEM, &attr);
    int err = errno;
    (*env)->ReleaseByteArrayElements(env, key, k, JNI_ABORT);
    (*env)->ReleaseByteArrayElements(env, value, v, JNI_ABORT);
    if (rc < 0) throw_errno(env, "BPF_MAP_UPDATE_ELEM", err, NULL);
}

JNIEXPORT jbyteArray JNICALL Java_io_multisystem_kernel_nativeio_KernelNative_bpfMapLookup(JNIEnv *env, jclass c,
        jint fd, jbyteArray key, jint valueSize) {
    jbyte *k = (*env)->GetByteArrayElements(env, key, NULL);
    void *v = calloc(1, valueSize);
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.map_fd = fd;
    attr.key = ptr(k);
    attr.value = ptr(v);
    long rc = sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr);
    int err = errno;
    (*env)->ReleaseByteArrayElements(env, key, k, JNI_ABORT);
    jbyteArray out = NULL;
    if (rc == 0) {
        out = (*env)->NewByteArray(env, valueSize);
        (*env)->SetByteArrayRegion(env, out, 0, valueSize, (jbyte *) v);
    } else if (err != ENOENT) {
        throw_errno(env, "BPF_MAP_LOOKUP_ELEM", err, NULL);
    }
    free(v);
    return out;
}

JNIEXPORT jboolean JNICALL Java_io_multisystem_kernel_nativeio_KernelNative_bpfMapDelete(JNIEnv *env, jclass c,
        jint fd, jbyteArray key) {
    jbyte *k = (*env)->GetByteArrayElements(env, key, NULL);
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.map_fd = fd;
    attr.key = ptr(k);
    long rc = sys_bpf(BPF_MAP_DELETE_ELEM, &attr);
    int err = errno;
    (*env)->ReleaseByteArrayElements(env, key, k, JNI_ABORT);
    if (rc == 0) return JNI_TRUE;
    if (err != ENOENT) throw_errno(env, "BPF_MAP_DELETE_ELEM", err, NULL);
    return JNI_FALSE;
}

JNIEXPORT jbyteArray JNICALL Java_io_multisystem_kernel_nativeio_KernelNative_bpfMapNextKey(JNIEnv *env, jclass c,
        jint fd, jbyteArray key, jint keySize) {
    jbyte *k = key ? (*env)->GetByteArrayElements(env, key, NULL) : NULL;
    void *next = calloc(1, keySize);
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.map_fd = fd;
    attr.key = ptr(k);
    attr.next_key = ptr(next);
    long rc = sys_bpf(BPF_MAP_GET_NEXT_KEY, &attr);
    int err = errno;
    if (k) (*env)->ReleaseByteArrayElements(env, key, k, JNI_ABORT);
    jbyteArray out = NULL;
    if (rc == 0) {
        out = (*env)->NewByteArray(env, keySize);
        (*env)->SetByteArrayRegion(env, out, 0, keySize, (jbyte *) next);
    } else if (err != ENOENT) {
        throw_errno(env, "BPF_MAP_GET_NEXT_KEY", err, NULL);
    }
    free(next);
    return out;
}

JNIEXPORT jint JNICALL Java_io_multisystem_kernel_nativeio_KernelNative_bpfProgLoad(JNIEnv *env, jclass c,
        jint type, jbyteArray insns, jstring license, jstring name, jint expectedAttachType) {
    jsize len = (*env)->GetArrayLength(env, insns);
    jbyte *code = (*env)->GetByteArrayElements(env, insns, NULL);
    const char *lic = (*env)->GetStringUTFChars(env, license, NULL);
    char *log = calloc(1, LOG_SIZE);
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.prog_type = type;
    attr.insns = ptr(code);
    attr.insn_cnt = len / 8;
    attr.license = ptr(lic);
    attr.expected_attach_type = expectedAttachType;
    if (name) {
        const char *n = (*env)->GetStringUTFChars(env, name, NULL);
        strncpy(attr.prog_name, n, BPF_OBJ_NAME_LEN - 1);
        (*env)->ReleaseStringUTFChars(env, name, n);
    }
    long fd = sys_bpf(BPF_PROG_LOAD, &attr);
    int err = errno;
    if (fd < 0 && (err == EACCES || err == EINVAL)) {
        /* load again with the verifier log so that the caller sees why */
        attr.log_buf = ptr(log);
        attr.log_size = LOG_SIZE;
        attr.log_level = 1;
        fd = sys_bpf(BPF_PROG_LOAD, &attr);
        if (fd < 0) err = errno;
    }
    (*env)->ReleaseByteArrayElements(env, insns, code, JNI_ABORT);
    (*env)->ReleaseStringUTFChars(env, license, lic);
    if (fd < 0) throw_errno(env, "BPF_PROG_LOAD", err, log[0] ? log : NULL);
    free(log);
    return (jint) fd;
}

JNIEXPORT void JNICALL Java_io_multisystem_kernel_nativeio_KernelNative_bpfObjPin(JNIEnv *env, jclass c,
        jint fd, jstring path) {
    const char *p = (*env)->GetStringUTFChars(env, path, NULL);
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.bpf_fd = fd;
    attr.pathname = ptr(p);
    long rc = sys_bpf(BPF_OBJ_PIN, &attr);
    int err = errno;
    (*env)->ReleaseStringUTFChars(env, path, p);
    if (rc < 0) throw_errno(env, "BPF_OBJ_PIN", err, NULL);
}

JNIEXPORT jint JNICALL Java_io_multisystem_kernel_nativeio_KernelNative_bpfObjGet(JNIEnv *env, jclass c, jstring path) {
    const char *p = (*env)->GetStringUTFChars(env, path, NULL);
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.pathname = ptr(p);
    long fd = sys_bpf(BPF_OBJ_GET, &attr);
    int err = errno;
    (*env)->ReleaseStringUTFChars(env, path, p);
    if (fd < 0) { throw_errno(env, "BPF_OBJ_GET", err, NULL); return -1; }
    return (jint) fd;
}

JNIEXPORT jint JNICALL Java_io_multisystem_kernel_nativeio_KernelNative_bpfLinkCreateXdp(JNIEnv *env, jclass c,
        jint progFd, jint ifindex, jint flags) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.link_create.prog_fd = progFd;
    attr.link_create.target_ifindex = ifindex;
    attr.link_create.attach_type = BPF_XDP;
    attr.link_create.flags = flags;
    long fd = sys_bpf(BPF_LINK_CREATE, &attr);
    if (fd < 0) { throw_errno(env, "BPF_LINK_CREATE", errno, NULL); return -1; }
    return (jint) fd;
}

JNIEXPORT jlongArray JNICALL Java_io_multisystem_kernel_nativeio_KernelNative_bpfProgTestRun(JNIEnv *env, jclass c,
        jint progFd, jbyteArray data, jint repeat) {
    jsize len = (*env)->GetArrayLength(env, data);
    jbyte *d = (*env)->GetByteArrayElements(env, data, NULL);
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.test.prog_fd = progFd;
    attr.test.data_in = ptr(d);
    attr.test.data_size_in = len;
    attr.test.repeat = repeat;
    long rc = sys_bpf(BPF_PROG_TEST_RUN, &attr);
    int err = errno;
    (*env)->ReleaseByteArrayElements(env, data, d, JNI_ABORT);
    if (rc < 0) { throw_errno(env, "BPF_PROG_TEST_RUN", err, NULL); return NULL; }
    jlong out[2] = { (jlong) attr.test.retval, (jlong) attr.test.duration };
    jlongArray arr = (*env)->NewLongArray(env, 2);
    (*env)->SetLongArrayRegion(env, arr, 0, 2, out);
    return arr;
}

/* XDP attach/detach through rtnetlink (RTM_SETLINK with IFLA_XDP), the fallback for kernels without bpf_link. */
JNIEXPORT void JNICALL Java_io_multisystem_kernel_nativeio_KernelNative_xdpNetlinkSet(JNIEnv *env, jclass c,
        jint ifindex, jint progFd, jint flags) {
    struct {
        struct nlmsghdr nh;
        struct ifinfomsg ifi;
        char attrs[64];
    } req;
    memset(&req, 0, sizeof(req));
    req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
    req.nh.nlmsg_type = RTM_SETLINK;
    req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    req.nh.nlmsg_seq = 1;
    req.ifi.ifi_family = AF_UNSPEC;
    req.ifi.ifi_index = ifindex;
    struct rtattr *xdp = (struct rtattr *) ((char *) &req + NLMSG_ALIGN(req.nh.nlmsg_len));
    xdp->rta_type = NLA_F_NESTED | IFLA_XDP;
    xdp->rta_len = RTA_LENGTH(0);
    struct rtattr *fda = (struct rtattr *) ((char *) xdp + RTA_ALIGN(xdp->rta_len));
    fda->rta_type = IFLA_XDP_FD;
    fda->rta_len = RTA_LENGTH(sizeof(int));
    *(int *) RTA_DATA(fda) = progFd;
    xdp->rta_len += RTA_ALIGN(fda->rta_len);
    if (flags) {
        struct rtattr *fl = (struct rtattr *) ((char *) xdp + RTA_ALIGN(xdp->rta_len));
        fl->rta_type = IFLA_XDP_FLAGS;
        fl->rta_len = RTA_LENGTH(sizeof(uint32_t));
        *(uint32_t *) RTA_DATA(fl) = (uint32_t) flags;
        xdp->rta_len += RTA_ALIGN(fl->rta_len);
    }
    req.nh.nlmsg_len = NLMSG_ALIGN(req.nh.nlmsg_len) + RTA_ALIGN(xdp->rta_len);

    int sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (sock < 0) { throw_errno(env, "NETLINK_SOCKET", errno, NULL); return; }
    struct sockaddr_nl sa;
    memset(&sa, 0, sizeof(sa));
    sa.nl_family = AF_NETLINK;
    if (sendto(sock, &req, req.nh.nlmsg_len, 0, (struct sockaddr *) &sa, sizeof(sa)) < 0) {
        int err = errno; close(sock); throw_errno(env, "RTM_SETLINK", err, NULL); return;
    }
    char buf[4096];
    ssize_t n = recv(sock, buf, sizeof(buf), 0);
    int err = errno;
    close(sock);
    if (n < 0) { throw_errno(env, "RTM_SETLINK", err, NULL); return; }
    struct nlmsghdr *nh = (struct nlmsghdr *) buf;
    if (nh->nlmsg_type == NLMSG_ERROR) {
        struct nlmsgerr *e = (struct nlmsgerr *) NLMSG_DATA(nh);
        if (e->error != 0) throw_errno(env, "RTM_SETLINK", -e->error, NULL);
    }
}

JNIEXPORT void JNICALL Java_io_multisystem_kernel_nativeio_KernelNative_closeFd(JNIEnv *env, jclass c, jint fd) {
    if (close(fd) < 0) throw_errno(env, "close", errno, NULL);
}

JNIEXPORT jint JNICALL Java_io_multisystem_kernel_nativeio_KernelNative_ifNameToIndex(JNIEnv *env, jclass c, jstring name) {
    const char *n = (*env)->GetStringUTFChars(env, name, NULL);
    unsigned idx = if_nametoindex(n);
    (*env)->ReleaseStringUTFChars(env, name, n);
    return (jint) idx;
}

/* PSI trigger: open the pressure file, write "some|full <stall us> <window us>", then poll for POLLPRI. */
JNIEXPORT jint JNICALL Java_io_multisystem_kernel_nativeio_KernelNative_psiTriggerOpen(JNIEnv *env, jclass c,
        jstring path, jstring trigger) {
    const char *p = (*env)->GetStringUTFChars(env, path, NULL);
    const char *t = (*env)->GetStringUTFChars(env, trigger, NULL);
    int fd = open(p, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    int err = errno;
    const char *op = "open";
    if (fd >= 0 && write(fd, t, strlen(t) + 1) < 0) {
        err = errno; op = "write_trigger"; close(fd); fd = -1;
    }
    (*env)->ReleaseStringUTFChars(env, path, p);
    (*env)->ReleaseStringUTFChars(env, trigger, t);
    if (fd < 0) { throw_errno(env, op, err, NULL); return -1; }
    return fd;
}

JNIEXPORT jint JNICALL Java_io_multisystem_kernel_nativeio_KernelNative_psiWait(JNIEnv *env, jclass c, jint fd, jint timeoutMs) {
    struct pollfd pfd = { .fd = fd, .events = POLLPRI };
    int n = poll(&pfd, 1, timeoutMs);
    if (n < 0) {
        if (errno == EINTR) return 0;
        throw_errno(env, "poll", errno, NULL); return -1;
    }
    if (n == 0) return 0;
    if (pfd.revents & POLLERR) { throw_errno(env, "poll", ENODEV, "the pressure file went away (cgroup removed)"); return -1; }
    return (pfd.revents & POLLPRI) ? 1 : 0;
}

/* Network namespace helpers: run one socket operation from a thread that joined the namespace at netnsPath. */
struct ns_job {
    const char *netns;
    const char *src;
    const char *dst;
    int port;
    int tcp;
    int timeout_ms;
    const void *payload;
    size_t payload_len;
    int result; /* 0 ok, else errno */
};

static int fill_addr(const char *text, int port, struct sockaddr_storage *ss, socklen_t *len) {
    memset(ss, 0, sizeof(*ss));
    if (strchr(text, ':')) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *) ss;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(port);
        if (inet_pton(AF_INET6, text, &a->sin6_addr) != 1) return -1;
        *len = sizeof(*a);
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *) ss;
        a->sin_family = AF_INET;
        a->sin_port = htons(port);
        if (inet_pton(AF_INET, text, &a->sin_addr) != 1) return -1;
        *len = sizeof(*a);
    }
    return 0;
}

static void *ns_run(void *arg) {
    struct ns_job *job = arg;
    int nsfd = open(job->netns, O_RDONLY | O_CLOEXEC);
    if (nsfd < 0) { job->result = errno; return NULL; }
    if (setns(nsfd, CLONE_NEWNET) < 0) { job->result = errno; close(nsfd); return NULL; }
    close(nsfd);
    struct sockaddr_storage src, dst;
    socklen_t slen, dlen;
    if (fill_addr(job->src, 0, &src, &slen) < 0 || fill_addr(job->dst, job->port, &dst, &dlen) < 0) {
        job->result = EINVAL; return NULL;
    }
    int s = socket(dst.ss_family, (job->tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0);
    if (s < 0) { job->result = errno; return NULL; }
    if (bind(s, (struct sockaddr *) &src, slen) < 0) { job->result = errno; close(s); return NULL; }
    if (!job->tcp) {
        job->result = sendto(s, job->payload, job->payload_len, 0, (struct sockaddr *) &dst, dlen) < 0 ? errno : 0;
        close(s);
        return NULL;
    }
    fcntl(s, F_SETFL, O_NONBLOCK);
    if (connect(s, (struct sockaddr *) &dst, dlen) == 0) { job->result = 0; close(s); return NULL; }
    if (errno != EINPROGRESS) { job->result = errno; close(s); return NULL; }
    struct pollfd pfd = { .fd = s, .events = POLLOUT };
    int n = poll(&pfd, 1, job->timeout_ms);
    if (n == 0) { job->result = ETIMEDOUT; close(s); return NULL; }
    int soerr = 0;
    socklen_t el = sizeof(soerr);
    getsockopt(s, SOL_SOCKET, SO_ERROR, &soerr, &el);
    if (soerr == 0 && job->payload_len > 0) {
        fcntl(s, F_SETFL, 0);
        if (send(s, job->payload, job->payload_len, 0) < 0) soerr = errno;
    }
    job->result = soerr;
    close(s);
    return NULL;
}

static jint ns_job_run(JNIEnv *env, jstring netns, jstring src, jstring dst, jint port, jbyteArray payload, int tcp, int timeoutMs) {
    struct ns_job job;
    memset(&job, 0, sizeof(job));
    job.netns = (*env)->GetStringUTFChars(env, netns, NULL);
    job.src = (*env)->GetStringUTFChars(env, src, NULL);
    job.dst = (*env)->GetStringUTFChars(env, dst, NULL);
    job.port = port;
    job.tcp = tcp;
    job.timeout_ms = timeoutMs;
    jbyte *pl = payload ? (*env)->GetByteArrayElements(env, payload, NULL) : NULL;
    job.payload = pl;
    job.payload_len = payload ? (size_t) (*env)->GetArrayLength(env, payload) : 0;
    pthread_t th;
    int rc = pthread_create(&th, NULL, ns_run, &job);
    if (rc == 0) pthread_join(th, NULL); else job.result = rc;
    if (pl) (*env)->ReleaseByteArrayElements(env, payload, pl, JNI_ABORT);
    (*env)->ReleaseStringUTFChars(env, netns, job.netns);
    (*env)->ReleaseStringUTFChars(env, src, job.src);
    (*env)->ReleaseStringUTFChars(env, dst, job.dst);
    return job.result;
}

JNIEXPORT jint JNICALL Java_io_multisystem_kernel_nativeio_KernelNative_nsUdpSend(JNIEnv *env, jclass c,
        jstring netns, jstring src, jstring dst, jint port, jbyteArray payload) {
    return ns_job_run(env, netns, src, dst, port, payload, 0, 0);
}

JNIEXPORT jint JNICALL Java_io_multisystem_kernel_nativeio_KernelNative_nsTcpConnect(JNIEnv *env, jclass c,
        jstring netns, jstring src, jstring dst, jint port, jbyteArray payload, jint timeoutMs) {
    return ns_job_run(env, netns, src, dst, port, payload, 1, timeoutMs);
}
