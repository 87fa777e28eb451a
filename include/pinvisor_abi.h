/* SPDX-License-Identifier: ISC */
/*
 * pinvisor_abi.h: the one guest <-> tender ABI header of pinvisor.
 *
 * It describes, in pinvisor's own words, the Solo5 hvt ABI version 2 that
 * pinvisor is compatible with (hypercall numbers and argument structs, boot
 * info, ELF notes, manifest) and pinvisor's extensions to it (native mode,
 * the boot-info extension, the GPIO device class and its request ring, the
 * I2C and UART device classes).
 *
 * Dual use: the tender defines PV_HOST before including this file; guest
 * pointers inside shared structs then become plain 64-bit guest-physical
 * addresses, so the tender cannot dereference one by accident.
 *
 * Self-contained: C11 plus <stdint.h> and <stddef.h>, nothing host-specific.
 * Every layout is locked by _Static_assert; both x86_64 and aarch64 are
 * LP64 little-endian and give the same layouts.
 *
 * Field markers: IN = written by the guest, OUT = written by the tender;
 * every field of every shared struct carries one.
 *
 * Versioning: PV_HVT_ABI_VERSION is Solo5's hvt ABI version and never
 * changes here. PV_EXT_ABI_VERSION counts pinvisor's extensions; bump it on
 * any incompatible change to a PV_* struct or number below (appending a
 * hypercall or a flag bit is compatible).
 */
#ifndef PINVISOR_ABI_H
#define PINVISOR_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef PV_HOST
#define PV_GUEST_PTR(T) uint64_t
#else
#define PV_GUEST_PTR(T) T
#endif

#define PV_HVT_ABI_VERSION 2
#define PV_EXT_ABI_VERSION 3

/* Lowest guest-physical address an ELF segment or entry point may use. */
#define PV_GUEST_MIN_BASE 0x100000UL
/* Guest-physical address of the boot info; passed in RDI / X0. */
#define PV_BOOT_INFO_BASE 0x10000UL
/* Command-line buffer size in guest memory, including the NUL. */
#define PV_CMDLINE_SIZE 8192
/* Bytes a HALT cookie must make readable. */
#define PV_HALT_COOKIE_MAX 512

/*
 * Hypercall numbers. 1..8 are Solo5 hvt's and must not change; pinvisor's
 * own start at 16. A hypercall is one 32-bit write of the guest-physical
 * address of its argument struct:
 *   x86_64:  OUT to port PV_HC_PIO_BASE + nr
 *   aarch64: store to PV_HC_MMIO_BASE + nr * 8
 */
enum pv_hypercall {
    /* 0 is reserved */
    PV_HC_WALLTIME = 1,
    PV_HC_PUTS = 2,
    PV_HC_POLL = 3,
    PV_HC_BLOCK_WRITE = 4,
    PV_HC_BLOCK_READ = 5,
    PV_HC_NET_WRITE = 6,
    PV_HC_NET_READ = 7,
    PV_HC_HALT = 8,
    /* pinvisor extensions */
    PV_HC_GPIO_SET = 16,
    PV_HC_GPIO_INPUT = 17,
    PV_HC_GPIO_OUTPUT = 18,
    PV_HC_GPIO_CLEAR = 19,
    PV_HC_GPIO_READ_EVENT = 20,
    PV_HC_GPIO_SEQUENCE = 21,
    PV_HC_I2C_TRANSFER = 22,
    PV_HC_SET_TLS_BASE = 24,
    PV_HC_UART_WRITE = 25,
    PV_HC_UART_READ = 26,
    PV_HC_UART_CONFIG = 27,
    PV_HC_UART_LINES = 28,
    PV_HC_MAX = 32
};

#define PV_HC_PIO_BASE 0x500
#define PV_HC_MMIO_BASE 0x100000000ULL
/*
 * Kick port of the GPIO request ring (x86_64 OUT of 32 bits; aarch64 store
 * at PV_HC_MMIO_BASE + 0x108). Registered as an ioeventfd, so a kick never
 * returns to the tender's vCPU thread.
 */
#define PV_GPIO_KICK_PIO 0x601
#define PV_GPIO_KICK_MMIO (PV_HC_MMIO_BASE + 0x108)
/* Kick port of the I2C request ring, the same way. */
#define PV_I2C_KICK_PIO 0x609
#define PV_I2C_KICK_MMIO (PV_HC_MMIO_BASE + 0x110)
/*
 * x86_64: port the tender's own exception stubs write the trap frame
 * address to (from CPL 0). Not a hypercall; guests never use it.
 */
#define PV_TRAP_PIO 0x5f0
/*
 * aarch64: the tender's own exception vectors store to
 * PV_TRAP_MMIO_BASE + 8 * (vector index, 0..15). Not hypercalls; guests
 * never use them.
 */
#define PV_TRAP_MMIO_BASE (PV_HC_MMIO_BASE + 0x200)
#define PV_TRAP_MMIO_VECTORS 16

/* Solo5 result codes, also carried in hypercall `ret` fields. */
#define PV_R_OK 0
#define PV_R_AGAIN 1
#define PV_R_EINVAL 2
#define PV_R_EUNSPEC 3

/* --- Hypercall argument structs ------------------------------------------ */

struct pv_hc_walltime {
    uint64_t nsecs; /* OUT: host CLOCK_REALTIME, ns since the epoch */
};

struct pv_hc_puts {
    PV_GUEST_PTR(const char *) data; /* IN */
    uint64_t len;                    /* IN */
};

struct pv_hc_poll {
    uint64_t timeout_nsecs; /* IN: relative to now */
    uint64_t ready_set;     /* OUT: bit i = manifest entry i is ready */
    int32_t ret;            /* OUT: number of ready devices */
    uint32_t pad0;
};

struct pv_hc_block {           /* BLOCK_WRITE and BLOCK_READ */
    uint64_t handle;           /* IN */
    uint64_t offset;           /* IN: bytes */
    PV_GUEST_PTR(void *) data; /* IN */
    uint64_t len;              /* IN */
    int32_t ret;               /* OUT */
    uint32_t pad0;
};

struct pv_hc_net {             /* NET_WRITE and NET_READ */
    uint64_t handle;           /* IN */
    PV_GUEST_PTR(void *) data; /* IN */
    uint64_t len;              /* IN: size; NET_READ: IN buffer, OUT received */
    int32_t ret;               /* OUT */
    uint32_t pad0;
};

struct pv_hc_halt {
    PV_GUEST_PTR(void *) cookie; /* IN: 0 or >= 512 readable bytes */
    int32_t exit_status;         /* IN */
    uint32_t pad0;
};

/*
 * The trap frame a Solo5 guest may pass as HALT cookie (x86_64), and the
 * first part of the frame pinvisor's own exception stubs push.
 */
struct pv_x86_trap_frame {
    uint64_t cr2, error_code, rip, cs, rflags, rsp, ss;
};

/*
 * aarch64: the trap frame pinvisor prints for a HALT cookie (the layout
 * of pinvisor's own aarch64 guests; Solo5 gives none for aarch64).
 */
struct pv_aarch64_trap_frame {
    uint64_t x[31]; /* x0..x30 */
    uint64_t sp, elr, spsr, esr, far;
};

struct pv_hc_set_tls_base {
    uint64_t base; /* IN */
    int32_t ret;   /* OUT */
    uint32_t pad0;
};

_Static_assert(sizeof(struct pv_hc_walltime) == 8, "walltime");
_Static_assert(sizeof(struct pv_hc_puts) == 16, "puts");
_Static_assert(sizeof(struct pv_hc_poll) == 24, "poll");
_Static_assert(offsetof(struct pv_hc_poll, ret) == 16, "poll.ret");
_Static_assert(sizeof(struct pv_hc_block) == 40, "block");
_Static_assert(offsetof(struct pv_hc_block, ret) == 32, "block.ret");
_Static_assert(sizeof(struct pv_hc_net) == 32, "net");
_Static_assert(offsetof(struct pv_hc_net, ret) == 24, "net.ret");
_Static_assert(sizeof(struct pv_hc_halt) == 16, "halt");
_Static_assert(offsetof(struct pv_hc_halt, exit_status) == 8, "halt.st");
_Static_assert(sizeof(struct pv_x86_trap_frame) == 56, "trap frame");
_Static_assert(sizeof(struct pv_aarch64_trap_frame) == 288, "a64 frame");
_Static_assert(sizeof(struct pv_hc_set_tls_base) == 16, "tls");

/* --- Boot info ------------------------------------------------------------ */

#define PV_FEATURE_RING_IO 0x1u /* Solo5 net ring: never offered */
#define PV_FEATURE_EXT 0x100u   /* struct pv_boot_ext at PV_BOOT_EXT_BASE */

/* Written by the tender before the guest starts; read-only to the guest. */
struct pv_boot_info {
    uint64_t mem_size;                  /* OUT: guest-visible RAM, bytes */
    uint64_t kernel_end;                /* OUT: end of the last PT_LOAD */
    uint64_t cpu_cycle_freq;            /* OUT: TSC / CNTVCT Hz */
    PV_GUEST_PTR(const char *) cmdline; /* OUT: NUL-terminated */
    PV_GUEST_PTR(const void *) mft;     /* OUT: the manifest copy */
    uint32_t host_features;             /* OUT: PV_FEATURE_*; 0 in Solo5 mode */
    uint32_t guest_features;            /* OUT: 0 */
    uint64_t net_ring; /* OUT: 0, pinvisor offers no net ring */
};
_Static_assert(sizeof(struct pv_boot_info) == 56, "boot info");
_Static_assert(offsetof(struct pv_boot_info, host_features) == 40, "bi");

/*
 * Boot-info extension, written only for native-mode guests (host_features
 * has PV_FEATURE_EXT), right after struct pv_boot_info; the manifest copy
 * and the command line follow it. Read-only to the guest.
 */
#define PV_BOOT_EXT_BASE (PV_BOOT_INFO_BASE + 56)
#define PV_BOOT_EXT_MAGIC 0x31585650u /* "PVX1" */

#define PV_EXT_F_FSGSBASE 0x1u /* WRFSBASE usable at CPL 3 */

struct pv_boot_ext {
    uint32_t magic;   /* OUT: PV_BOOT_EXT_MAGIC */
    uint32_t version; /* OUT: PV_EXT_ABI_VERSION */
    uint32_t flags;   /* OUT: PV_EXT_F_* */
    uint32_t pad0;    /* OUT: 0 */
    /*
     * A guest cycle-counter reading and the host CLOCK_MONOTONIC taken at
     * the same moment, so solo5_clock_monotonic() and GPIO event timestamps
     * share one time base.
     */
    uint64_t cycles_at_sync;    /* OUT */
    uint64_t monotonic_at_sync; /* OUT: ns */
    uint64_t gpio_ring;         /* OUT: GPA of struct pv_gpio_ring, or 0 */
    uint64_t gpio_ring_size;    /* OUT: bytes */
    /* From version 3 on (older tenders put the manifest copy here). */
    uint64_t i2c_ring;      /* OUT: GPA of struct pv_i2c_ring, or 0 */
    uint64_t i2c_ring_size; /* OUT: bytes */
};
_Static_assert(sizeof(struct pv_boot_ext) == 64, "boot ext");

/* --- ELF notes ------------------------------------------------------------ */

/* Solo5 notes: name "Solo5", each alone in its own PT_NOTE. */
#define PV_NOTE_SOLO5_NAME "Solo5"
#define PV_NOTE_ABI1 0x31494241u /* "ABI1" */
#define PV_NOTE_MFT1 0x3154464du /* "MFT1" */
#define PV_ABI_TARGET_HVT 1
#define PV_NOTE_ABI1_MAX 32
#define PV_NOTE_MFT1_MAX 6668

struct pv_abi1 {
    uint32_t abi_target;  /* PV_ABI_TARGET_HVT */
    uint32_t abi_version; /* PV_HVT_ABI_VERSION */
    uint32_t reserved0;
    uint32_t reserved1;
};
_Static_assert(sizeof(struct pv_abi1) == 16, "abi1");

/*
 * pinvisor native-mode note: name "pinvisor", type "NAT1", content
 * aligned to 8. Its presence asks for native mode (x86_64: CPL 3).
 */
#define PV_NOTE_PINVISOR_NAME "pinvisor"
#define PV_NOTE_NAT1 0x3154414eu /* "NAT1" */
#define PV_NATIVE_VERSION 1
#define PV_NATIVE_F_CPL3 0x1u

struct pv_native_note {
    uint32_t version;    /* PV_NATIVE_VERSION */
    uint32_t flags;      /* PV_NATIVE_F_*; unknown bits rejected */
    uint64_t canary_gpa; /* 8 writable bytes the tender fills, or 0 */
};
_Static_assert(sizeof(struct pv_native_note) == 16, "native note");

/* --- Manifest (MFT version 1) -------------------------------------------- */

#define PV_MFT_VERSION 1
#define PV_MFT_MAX_ENTRIES 64
#define PV_MFT_NAME_SIZE 68
#define PV_MFT_NAME_MAX (PV_MFT_NAME_SIZE - 1)

enum pv_mft_type {
    PV_MFT_DEV_BLOCK_BASIC = 1,
    PV_MFT_DEV_NET_BASIC = 2,
    PV_MFT_DEV_GPIO_BASIC = 0x10, /* pinvisor extension */
    PV_MFT_DEV_I2C_BASIC = 0x11,  /* pinvisor extension */
    PV_MFT_DEV_UART_BASIC = 0x12, /* pinvisor extension */
    PV_MFT_RESERVED_FIRST = 0x40000000
};

/* GPIO_BASIC permissions (pv_mft_gpio_basic.perms). */
#define PV_GPIO_PERM_IN 0x1u
#define PV_GPIO_PERM_OUT 0x2u

struct pv_mft_block_basic {
    uint64_t capacity;   /* bytes */
    uint16_t block_size; /* bytes */
    uint8_t pad0[6];
};

struct pv_mft_net_basic {
    uint8_t mac[6];
    uint16_t mtu; /* excludes the Ethernet header */
    uint8_t pad0[8];
};

struct pv_mft_gpio_basic {
    uint32_t nlines; /* lines granted, indexed 0..nlines-1 */
    uint32_t perms;  /* PV_GPIO_PERM_* */
    uint8_t pad0[8];
};

/* I2C_BASIC: the granted 7-bit addresses, in grant order. */
#define PV_I2C_MAX_ADDRS 12
#define PV_I2C_GRANT_RO 0x1u /* writes refused */

struct pv_mft_i2c_basic {
    uint8_t addrs[PV_I2C_MAX_ADDRS]; /* addrs[0..naddrs-1] */
    uint8_t naddrs;                  /* 1..PV_I2C_MAX_ADDRS */
    uint8_t flags;                   /* PV_I2C_GRANT_* */
    uint8_t pad0[2];
};

/* UART_BASIC: the line's settings at start and what else the grant allows. */
#define PV_UART_PARITY_NONE 0
#define PV_UART_PARITY_EVEN 1
#define PV_UART_PARITY_ODD 2
#define PV_UART_GRANT_BREAK 0x1u /* PV_UART_LINES_BREAK allowed */
#define PV_UART_GRANT_MODEM 0x2u /* PV_UART_LINES_MODEM allowed */

struct pv_mft_uart_basic {
    uint32_t baud;     /* the first granted rate, set at start */
    uint8_t data_bits; /* 5..8, the first granted framing */
    uint8_t parity;    /* PV_UART_PARITY_* */
    uint8_t stop_bits; /* 1 or 2 */
    uint8_t flags;     /* PV_UART_GRANT_* */
    uint8_t nbauds;    /* rates granted, 1..PV_UART_MAX_BAUDS */
    uint8_t nframes;   /* framings granted, 1..PV_UART_MAX_FRAMES */
    uint8_t pad0[6];
};

struct pv_mft_entry {
    char name[PV_MFT_NAME_SIZE]; /* 1..67 alnum chars, NUL-terminated */
    uint32_t type;               /* enum pv_mft_type */
    union {
        struct pv_mft_block_basic block_basic;
        struct pv_mft_net_basic net_basic;
        struct pv_mft_gpio_basic gpio_basic;
        struct pv_mft_i2c_basic i2c_basic;
        struct pv_mft_uart_basic uart_basic;
        uint8_t raw[16];
    } u;               /* OUT: filled by the tender */
    uint64_t hostpriv; /* tender-private; 0 in the binary */
    uint8_t attached;  /* OUT: 0 in the binary */
    uint8_t pad0[7];
};

struct pv_mft {
    uint32_t version; /* PV_MFT_VERSION */
    uint32_t entries; /* 1..PV_MFT_MAX_ENTRIES; entry 0 is reserved */
    struct pv_mft_entry e[];
};

_Static_assert(sizeof(struct pv_mft_entry) == 104, "mft entry");
_Static_assert(offsetof(struct pv_mft_entry, type) == 68, "mft type");
_Static_assert(offsetof(struct pv_mft_entry, u) == 72, "mft u");
_Static_assert(offsetof(struct pv_mft_entry, hostpriv) == 88, "mft b");
_Static_assert(offsetof(struct pv_mft_entry, attached) == 96, "mft att");
_Static_assert(sizeof(struct pv_mft) == 8, "mft");
_Static_assert(sizeof(struct pv_mft_i2c_basic) == 16, "mft i2c");
_Static_assert(sizeof(struct pv_mft_uart_basic) == 16, "mft uart");
_Static_assert(8 + 104 * PV_MFT_MAX_ENTRIES + 4 == PV_NOTE_MFT1_MAX,
               "MFT1 note size");

/* --- GPIO device class -----------------------------------------------------
 */

#define PV_GPIO_MAX_LINES 64

/*
 * Line flags for PV_HC_GPIO_SET, mirroring the Linux uAPI v2 rules:
 * exactly one of INPUT/OUTPUT; edges and debounce need INPUT; drive modes
 * need OUTPUT; OPEN_DRAIN and OPEN_SOURCE are exclusive; at most one bias.
 */
#define PV_GPIO_F_INPUT 0x001u
#define PV_GPIO_F_OUTPUT 0x002u
#define PV_GPIO_F_ACTIVE_LOW 0x004u
#define PV_GPIO_F_EDGE_RISING 0x008u
#define PV_GPIO_F_EDGE_FALLING 0x010u
#define PV_GPIO_F_OPEN_DRAIN 0x020u
#define PV_GPIO_F_OPEN_SOURCE 0x040u
#define PV_GPIO_F_BIAS_PULL_UP 0x080u
#define PV_GPIO_F_BIAS_PULL_DOWN 0x100u
#define PV_GPIO_F_BIAS_DISABLED 0x200u
#define PV_GPIO_F_VALID 0x3ffu

/* Longest debounce period accepted, microseconds (the kernel's limit). */
#define PV_GPIO_DEBOUNCE_MAX_US 5000000u

#define PV_GPIO_EDGE_RISING 1u
#define PV_GPIO_EDGE_FALLING 2u

/* Steps accepted by one PV_HC_GPIO_SEQUENCE. */
#define PV_GPIO_SEQ_MAX_STEPS 4096
/* Longest wait of one sequence step (10 s). */
#define PV_GPIO_SEQ_MAX_DELAY_NS 10000000000ULL

struct pv_hc_gpio_set {
    uint64_t handle;      /* IN */
    uint64_t mask;        /* IN: lines to configure */
    uint64_t values;      /* IN: initial logical values of output lines */
    uint32_t flags;       /* IN: PV_GPIO_F_* for every line in mask */
    uint32_t debounce_us; /* IN: 0 = off; needs INPUT */
    int32_t ret;          /* OUT */
    uint32_t pad0;        /* IN: must be 0 */
};

struct pv_hc_gpio_values { /* GPIO_INPUT and GPIO_OUTPUT */
    uint64_t handle;       /* IN */
    uint64_t mask;         /* IN: lines to read or write */
    uint64_t values;       /* OUTPUT: IN; INPUT: OUT (bits outside mask 0) */
    int32_t ret;           /* OUT */
    uint32_t pad0;         /* IN: must be 0 */
};

struct pv_hc_gpio_clear {
    uint64_t handle; /* IN */
    uint64_t mask;   /* IN: lines to release to their safe state */
    int32_t ret;     /* OUT */
    uint32_t pad0;   /* IN: must be 0 */
};

struct pv_gpio_event {
    uint64_t timestamp_ns; /* OUT: host CLOCK_MONOTONIC */
    uint32_t line;         /* OUT: index within the device */
    uint32_t edge;         /* OUT: PV_GPIO_EDGE_* (logical) */
    uint32_t seqno;        /* OUT: per device, from 1 */
    uint32_t line_seqno;   /* OUT: per line, from 1 */
};

struct pv_hc_gpio_read_event {
    uint64_t handle;         /* IN */
    struct pv_gpio_event ev; /* OUT when ret == OK */
    int32_t ret;             /* OUT: OK, AGAIN (none pending), EINVAL */
    uint32_t pad0;           /* IN: must be 0 */
};

struct pv_gpio_step {
    uint64_t mask;     /* IN: lines this step writes (outputs only) */
    uint64_t values;   /* IN: logical values */
    uint64_t delay_ns; /* IN: wait after the previous step (or the call) */
};

struct pv_hc_gpio_sequence {
    uint64_t handle;                                 /* IN */
    PV_GUEST_PTR(const struct pv_gpio_step *) steps; /* IN */
    uint32_t nsteps;                                 /* IN: 1..MAX_STEPS */
    int32_t ret;                                     /* OUT */
};

_Static_assert(sizeof(struct pv_hc_gpio_set) == 40, "gpio set");
_Static_assert(offsetof(struct pv_hc_gpio_set, ret) == 32, "gpio set.ret");
_Static_assert(sizeof(struct pv_hc_gpio_values) == 32, "gpio values");
_Static_assert(sizeof(struct pv_hc_gpio_clear) == 24, "gpio clear");
_Static_assert(sizeof(struct pv_gpio_event) == 24, "gpio event");
_Static_assert(sizeof(struct pv_hc_gpio_read_event) == 40, "gpio rdev");
_Static_assert(sizeof(struct pv_gpio_step) == 24, "gpio step");
_Static_assert(sizeof(struct pv_hc_gpio_sequence) == 24, "gpio seq");

/* --- I2C device class ------------------------------------------------------
 */

/*
 * One combined transfer (like Linux I2C_RDWR): up to PV_I2C_MAX_MSGS
 * messages run as one transaction, a repeated start between them, one
 * stop at the end. Each message talks to one granted 7-bit address.
 */
#define PV_I2C_MAX_MSGS 8
#define PV_I2C_MAX_LEN 256 /* bytes of one message */

#define PV_I2C_M_RD 0x1u /* read into buf; else write buf */
#define PV_I2C_M_VALID 0x1u

struct pv_i2c_msg {
    uint16_t addr;               /* IN: 7-bit address, 0..0x7f */
    uint16_t flags;              /* IN: PV_I2C_M_* */
    uint16_t len;                /* IN: 1..PV_I2C_MAX_LEN */
    uint16_t pad0;               /* IN: must be 0 */
    PV_GUEST_PTR(uint8_t *) buf; /* IN; its bytes OUT for a read */
};

struct pv_hc_i2c_transfer {
    uint64_t handle;                              /* IN */
    PV_GUEST_PTR(const struct pv_i2c_msg *) msgs; /* IN */
    uint32_t nmsgs;                               /* IN: 1..MAX_MSGS */
    int32_t ret;                                  /* OUT */
};

_Static_assert(sizeof(struct pv_i2c_msg) == 16, "i2c msg");
_Static_assert(offsetof(struct pv_i2c_msg, buf) == 8, "i2c msg.buf");
_Static_assert(sizeof(struct pv_hc_i2c_transfer) == 24, "i2c transfer");
_Static_assert(offsetof(struct pv_hc_i2c_transfer, ret) == 20, "i2c ret");

/* --- UART device class ----------------------------------------------------
 */

/*
 * A serial line the operator granted with the rates and framings the
 * guest may choose among (docs/uart.md). Reads and writes never wait:
 * a read with nothing received, or a write the line cannot take yet,
 * returns PV_R_AGAIN; solo5_yield's ready set has the device's bit once
 * bytes are waiting.
 */
#define PV_UART_MAX_BAUDS 8
#define PV_UART_MAX_FRAMES 4
#define PV_UART_MAX_IO 4096 /* bytes of one read or write */

struct pv_hc_uart_io {         /* UART_WRITE and UART_READ */
    uint64_t handle;           /* IN */
    PV_GUEST_PTR(void *) data; /* IN; its bytes OUT for a read */
    uint64_t len;              /* IN: 1..PV_UART_MAX_IO; OUT: bytes moved */
    int32_t ret;               /* OUT: OK, AGAIN, EINVAL, EUNSPEC */
    uint32_t pad0;             /* IN: must be 0 */
};

struct pv_hc_uart_config {
    uint64_t handle;   /* IN */
    uint32_t baud;     /* IN: one of the granted rates */
    uint8_t data_bits; /* IN: with parity and stop_bits, a granted framing */
    uint8_t parity;    /* IN: PV_UART_PARITY_* */
    uint8_t stop_bits; /* IN */
    uint8_t pad0;      /* IN: must be 0 */
    int32_t ret;       /* OUT: OK, EINVAL (not granted), EUNSPEC */
    uint32_t pad1;     /* IN: must be 0 */
};

enum pv_uart_lines_op {
    PV_UART_LINES_BREAK = 1, /* a break of arg ms (1..PV_UART_BREAK_MAX_MS) */
    PV_UART_LINES_MODEM = 2, /* set, then read, the modem lines */
};
#define PV_UART_BREAK_MAX_MS 1000u

/* Modem lines (PV_UART_LINES_MODEM): outputs DTR, RTS; the rest inputs. */
#define PV_UART_DTR 0x01u
#define PV_UART_RTS 0x02u
#define PV_UART_CTS 0x04u
#define PV_UART_DSR 0x08u
#define PV_UART_DCD 0x10u
#define PV_UART_RI 0x20u
#define PV_UART_OUTPUTS (PV_UART_DTR | PV_UART_RTS)

struct pv_hc_uart_lines {
    uint64_t handle; /* IN */
    uint32_t op;     /* IN: enum pv_uart_lines_op */
    uint32_t arg;    /* IN: BREAK: ms */
    uint32_t set;    /* IN: MODEM: outputs to raise (PV_UART_OUTPUTS) */
    uint32_t clear;  /* IN: MODEM: outputs to lower */
    uint32_t state;  /* OUT: MODEM: every line's level after the change */
    int32_t ret;     /* OUT: OK, EINVAL (not granted), EUNSPEC */
};

_Static_assert(sizeof(struct pv_hc_uart_io) == 32, "uart io");
_Static_assert(offsetof(struct pv_hc_uart_io, ret) == 24, "uart io.ret");
_Static_assert(sizeof(struct pv_hc_uart_config) == 24, "uart config");
_Static_assert(offsetof(struct pv_hc_uart_config, ret) == 16, "uart cfg.ret");
_Static_assert(sizeof(struct pv_hc_uart_lines) == 32, "uart lines");
_Static_assert(offsetof(struct pv_hc_uart_lines, ret) == 28, "uart lin.ret");

/* --- GPIO request ring (native mode) ------------------------------------ */

/*
 * A single-producer (guest), single-consumer (tender I/O thread) ring in
 * memory above the guest-visible RAM, offered through the boot-info
 * extension. Indices are free-running 32-bit counters; a slot or step is
 * at index & (count - 1). docs/gpio.md gives the protocol and ordering.
 */
#define PV_GPIO_RING_MAGIC 0x31524750u /* "PGR1" */
#define PV_GPIO_RING_VERSION 2
#define PV_GPIO_RING_SLOTS 256
#define PV_GPIO_RING_STEPS PV_GPIO_SEQ_MAX_STEPS

enum pv_gpio_ring_op {
    PV_GPIO_RING_SET = 1,      /* synchronous: the guest waits */
    PV_GPIO_RING_INPUT = 2,    /* synchronous */
    PV_GPIO_RING_OUTPUT = 3,   /* asynchronous */
    PV_GPIO_RING_SEQUENCE = 4, /* asynchronous; steps in the ring's pool */
};

/*
 * OUTPUT slot flag: the output reaches the device in a backend call of
 * its own after every request before it, never merged with them
 * (docs/gpio.md). Other OUTPUT flag bits are rejected.
 */
#define PV_GPIO_RING_F_ORDERED 0x1u

struct pv_gpio_ring_req {
    uint32_t op;          /* IN: enum pv_gpio_ring_op */
    uint32_t flags;       /* IN: SET; OUTPUT: PV_GPIO_RING_F_ORDERED */
    uint64_t handle;      /* IN: as every other handle, 64 bits */
    uint64_t mask;        /* IN */
    uint64_t values;      /* IN: SET, OUTPUT; OUT: INPUT */
    uint32_t debounce_us; /* IN: SET */
    uint32_t step_start;  /* IN: SEQUENCE: index of its first step */
    uint32_t nsteps;      /* IN: SEQUENCE */
    int32_t ret;          /* OUT, valid once req_head has passed the slot */
    uint64_t posted_ns;   /* IN: guest monotonic time of posting to an
                             idle ring, or 0 (statistics only) */
    uint64_t pad0;        /* IN: must be 0 */
};

struct pv_gpio_ring {
    /* Written by the tender at set-up. */
    uint32_t magic;   /* OUT: PV_GPIO_RING_MAGIC */
    uint32_t version; /* OUT: PV_GPIO_RING_VERSION */
    uint32_t slots;   /* OUT: PV_GPIO_RING_SLOTS */
    uint32_t steps;   /* OUT: PV_GPIO_RING_STEPS */
    uint8_t pad0[48];
    /* Written by the guest only. */
    uint32_t req_tail;  /* IN: requests posted */
    uint32_t step_tail; /* IN: steps written into step[] */
    uint8_t pad1[56];
    /* Written by the tender only, on every request. */
    uint32_t req_head;     /* OUT: requests completed */
    uint32_t step_head;    /* OUT: steps the tender has copied out */
    uint32_t async_errors; /* OUT: asynchronous requests that failed */
    uint8_t pad2[52];
    /*
     * Written by the tender only, when its I/O thread goes to sleep or
     * wakes: on a line of its own so the guest's check after each post
     * stays in its cache.
     */
    uint32_t needs_kick; /* OUT: 1: the I/O thread sleeps; kick */
    uint8_t pad3[60];
    struct pv_gpio_ring_req req[PV_GPIO_RING_SLOTS]; /* IN, ret/values OUT */
    struct pv_gpio_step step[PV_GPIO_RING_STEPS];    /* IN */
};

_Static_assert(sizeof(struct pv_gpio_ring_req) == 64, "ring req");
_Static_assert(offsetof(struct pv_gpio_ring_req, handle) == 8, "req handle");
_Static_assert(offsetof(struct pv_gpio_ring_req, ret) == 44, "req ret");
_Static_assert(offsetof(struct pv_gpio_ring, req_tail) == 64, "ring tail");
_Static_assert(offsetof(struct pv_gpio_ring, req_head) == 128, "ring head");
_Static_assert(offsetof(struct pv_gpio_ring, needs_kick) == 192, "ring kick");
_Static_assert(offsetof(struct pv_gpio_ring, req) == 256, "ring slots");
_Static_assert(sizeof(struct pv_gpio_ring) ==
                   256 + 64 * PV_GPIO_RING_SLOTS + 24 * PV_GPIO_RING_STEPS,
               "ring size");
_Static_assert((PV_GPIO_RING_SLOTS & (PV_GPIO_RING_SLOTS - 1)) == 0 &&
                   (PV_GPIO_RING_STEPS & (PV_GPIO_RING_STEPS - 1)) == 0,
               "ring counts are powers of two");

/* --- I2C request ring (native mode) ------------------------------------- */

/*
 * The GPIO ring's protocol (indices, needs_kick, the kick) for I2C
 * transfers: each slot holds one whole transfer, its bytes inline, so the
 * tender reads no guest pointer. docs/abi.md gives the protocol.
 */
#define PV_I2C_RING_MAGIC 0x31524950u /* "PIR1" */
#define PV_I2C_RING_VERSION 1
#define PV_I2C_RING_SLOTS 16

struct pv_i2c_ring_req {
    uint64_t handle;                         /* IN */
    uint32_t nmsgs;                          /* IN: as the hypercall's */
    int32_t ret;                             /* OUT, once req_head passed */
    struct pv_i2c_msg msgs[PV_I2C_MAX_MSGS]; /* IN: buf is not read */
    uint8_t data[PV_I2C_MAX_MSGS][PV_I2C_MAX_LEN]; /* IN: message i's bytes
                                                      to write; OUT: read */
};

struct pv_i2c_ring {
    uint32_t magic;   /* OUT: PV_I2C_RING_MAGIC */
    uint32_t version; /* OUT: PV_I2C_RING_VERSION */
    uint32_t slots;   /* OUT: PV_I2C_RING_SLOTS */
    uint8_t pad0[52];
    uint32_t req_tail; /* IN: transfers posted (the guest writes only this) */
    uint8_t pad1[60];
    uint32_t req_head; /* OUT: transfers completed */
    uint8_t pad2[60];
    uint32_t needs_kick; /* OUT: 1: the I/O thread sleeps; kick */
    uint8_t pad3[60];
    struct pv_i2c_ring_req req[PV_I2C_RING_SLOTS];
};

_Static_assert(sizeof(struct pv_i2c_ring_req) ==
                   16 + 16 * PV_I2C_MAX_MSGS + PV_I2C_MAX_MSGS * PV_I2C_MAX_LEN,
               "i2c ring req");
_Static_assert(offsetof(struct pv_i2c_ring_req, msgs) == 16, "i2c req msgs");
_Static_assert(offsetof(struct pv_i2c_ring, req_tail) == 64, "i2c ring tail");
_Static_assert(offsetof(struct pv_i2c_ring, req_head) == 128, "i2c ring head");
_Static_assert(offsetof(struct pv_i2c_ring, needs_kick) == 192, "i2c kick");
_Static_assert(offsetof(struct pv_i2c_ring, req) == 256, "i2c ring slots");
_Static_assert((PV_I2C_RING_SLOTS & (PV_I2C_RING_SLOTS - 1)) == 0,
               "i2c ring slots are a power of two");

/* --- Guest side: the hypercall transport -------------------------------- */

#if !defined(PV_HOST)
/*
 * One hypercall: a 32-bit write of the argument's guest-physical address
 * (below 4 GiB). The runtime uses these; tests that must bypass the
 * runtime's checks use them too.
 */
static inline void pv_hypercall(unsigned nr, const volatile void *arg)
{
#if defined(__x86_64__)
    __asm__ __volatile__("outl %0, %1"
                         :
                         : "a"((uint32_t)(uintptr_t)arg),
                           "d"((uint16_t)(PV_HC_PIO_BASE + nr))
                         : "memory");
#elif defined(__aarch64__)
    /* A plain store (no writeback), so KVM can decode it. */
    __asm__ __volatile__("str %w0, [%1]"
                         :
                         : "r"((uint32_t)(uintptr_t)arg),
                           "r"(PV_HC_MMIO_BASE + 8 * (uint64_t)nr)
                         : "memory");
#else
#error "unsupported guest architecture"
#endif
}

/*
 * Wakes a ring's I/O thread (an ioeventfd: no exit to the tender): a
 * 32-bit OUT to port pio on x86_64, a store to mmio on aarch64.
 */
static inline void pv_ring_kick(uint16_t pio, uint64_t mmio)
{
#if defined(__x86_64__)
    (void)mmio;
    __asm__ __volatile__("outl %0, %1" : : "a"(0u), "d"(pio) : "memory");
#elif defined(__aarch64__)
    (void)pio;
    __asm__ __volatile__("str wzr, [%0]" : : "r"(mmio) : "memory");
#endif
}

static inline void pv_gpio_kick(void)
{
    pv_ring_kick(PV_GPIO_KICK_PIO, PV_GPIO_KICK_MMIO);
}

static inline void pv_i2c_kick(void)
{
    pv_ring_kick(PV_I2C_KICK_PIO, PV_I2C_KICK_MMIO);
}
#endif /* !PV_HOST */

#endif /* PINVISOR_ABI_H */
