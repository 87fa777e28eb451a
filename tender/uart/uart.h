/* SPDX-License-Identifier: ISC */
/*
 * uart.h: the UART_BASIC device class inside the tender (docs/uart.md):
 * the operator's grant, the one validator, the tty backend, the
 * simulated peer and the byte log.
 */
#ifndef TENDER_UART_H
#define TENDER_UART_H

#ifndef PV_HOST
#define PV_HOST
#endif
#include "pinvisor_abi.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <termios.h>

#include "../trace_file.h"

#define UART_PATH_MAX 256

/* A framing: data bits, parity (PV_UART_PARITY_*), stop bits. */
struct uart_frame {
    uint8_t data_bits, parity, stop_bits;
};

/*
 * One --uart:NAME=DEVICE[,baud=N[|N...]][,FRAME[|FRAME...]][,break]
 * [,modem]. The first rate and framing are the line's at start. DEVICE
 * "sim" is the simulated peer (sim.c).
 */
struct uart_grant {
    char name[PV_MFT_NAME_SIZE];
    char path[UART_PATH_MAX];
    uint32_t baud[PV_UART_MAX_BAUDS];
    unsigned nbauds;
    struct uart_frame frame[PV_UART_MAX_FRAMES];
    unsigned nframes;
    unsigned flags; /* PV_UART_GRANT_* */
};

/* --- grant.c ------------------------------------------------------------- */

/*
 * Parses the option "--uart:NAME=DEVICE[,baud=N[|N...]][,FRAME[|FRAME...]]
 * [,break][,modem]" (the name by tnd_args_device_opt). DEVICE is an
 * absolute path or "sim"; each N a standard rate (uart_baud_known), at most
 * PV_UART_MAX_BAUDS, default 9600; FRAME is data bits 5..8, parity N, E
 * or O, stop bits 1 or 2 ("8N1"), at most PV_UART_MAX_FRAMES, default
 * 8N1; no repeats, each part at most once. Looks nothing up on the host.
 * Returns 0, or -EINVAL with a one-line reason in err.
 */
int uart_grant_parse(const char *arg, struct uart_grant *g, char *err,
                     size_t errlen);

/* --- validate.c: the one rulebook ---------------------------------------- */

/*
 * Each takes the guest's request, copied out of guest memory, and the
 * grant; returns PV_R_OK, or PV_R_EINVAL with *why set to a static
 * reason. Pure.
 *
 * I/O: len 1..PV_UART_MAX_IO, pad0 zero.
 * Config: pads zero, a granted rate, a granted framing.
 * Lines: BREAK on a grant with break, 1..PV_UART_BREAK_MAX_MS ms, set
 * and clear zero; MODEM on a grant with modem, set and clear within
 * PV_UART_OUTPUTS and disjoint, arg zero; any other op refused.
 */
int uart_validate_io(const struct pv_hc_uart_io *a, const char **why);
int uart_validate_config(const struct uart_grant *g,
                         const struct pv_hc_uart_config *a, const char **why);
int uart_validate_lines(const struct uart_grant *g,
                        const struct pv_hc_uart_lines *a, const char **why);

/* --- tty.c: the tty backend ---------------------------------------------- */

/* True if baud is a rate termios can set (B50 .. B4000000). Pure. */
bool uart_baud_known(uint32_t baud);

/*
 * Opens the terminal at path (O_RDWR | O_NOCTTY | O_NONBLOCK, close on
 * exec) and saves its settings into *saved. Returns the fd, or -errno
 * with a reason in err ("not a terminal" for a file that is none).
 */
int uart_tty_open(const char *path, struct termios *saved, char *err,
                  size_t errlen);

/*
 * Puts the terminal in raw mode at `baud` (a known rate) and framing f:
 * no echo, no line editing, no flow control, reads that never wait.
 * Returns 0 or -errno.
 */
int uart_tty_apply(int fd, uint32_t baud, const struct uart_frame *f);

/* Gives the terminal back the settings uart_tty_open saved. */
int uart_tty_restore(int fd, const struct termios *saved);

/*
 * A break of about ms milliseconds (rounded up to 100 ms). -EAGAIN, and
 * no break, while written bytes wait to leave (the kernel would hold the
 * caller until they have, however long that takes). 0 or -errno.
 */
int uart_tty_break(int fd, uint32_t ms);

/*
 * Waits, in 10 ms steps taken from *budget_ms, for written bytes to
 * leave, then drops what is left so the last close does not wait for it
 * (closing_wait). Returns the bytes dropped, or -errno. For the exit.
 */
int uart_tty_drain(int fd, unsigned *budget_ms);

/*
 * Raises `set` and lowers `clear` (PV_UART_OUTPUTS), then reads every
 * modem line into *state (PV_UART_*). 0 or -errno.
 */
int uart_tty_modem(int fd, uint32_t set, uint32_t clear, uint32_t *state);

/* --- sim.c: the simulated peer ------------------------------------------ */

#define UART_SIM_MAX_STEPS 1024
#define UART_SIM_MAX_RULES 32
#define UART_SIM_POOL (64 * 1024)
#define UART_SIM_MAX_PENDING 64 /* replies waiting to be read */

/* Bytes pool[off .. off + len - 1]. */
struct uart_sim_bytes {
    uint32_t off, len;
};

/*
 * A peer that sends the script's bytes at their times ("at MS TEXT") and
 * answers what the guest writes ("on TEXT REPLY"), docs/uart.md.
 */
struct uart_sim {
    uint8_t pool[UART_SIM_POOL];
    uint32_t used;
    struct {
        uint64_t at_ns; /* after guest start */
        struct uart_sim_bytes b;
    } step[UART_SIM_MAX_STEPS];
    unsigned nsteps;
    struct {
        struct uart_sim_bytes match, reply;
    } rule[UART_SIM_MAX_RULES];
    unsigned nrules;
    /* Running state. */
    uint64_t t0;
    unsigned next_step; /* the first step not wholly read */
    uint32_t step_pos;  /* bytes of it read */
    struct uart_sim_bytes pending[UART_SIM_MAX_PENDING];
    unsigned npending;
    uint32_t pending_pos; /* bytes of pending[0] read */
    uint8_t tail[256];    /* the guest's last bytes, for "on" rules */
    uint32_t ntail;
};

/*
 * Parses a peer script of `len` bytes into s (reset first): lines
 * "at MS TEXT" (in time order) and "on TEXT REPLY", TEXT a C-style
 * quoted string ("\r\n", "\x01"), '#' comments. Returns 0, or
 * -EINVAL with "line N: reason" in err. Pure.
 */
int uart_sim_parse(const char *text, size_t len, struct uart_sim *s, char *err,
                   size_t errlen);

/* Sets the time the script counts from (guest start). */
void uart_sim_start(struct uart_sim *s, uint64_t t0_ns);

/*
 * Reads up to n bytes the peer has sent by now_ns: replies first, then
 * the script's steps whose time has come. Returns the count (0: none).
 */
size_t uart_sim_read(struct uart_sim *s, uint8_t *buf, size_t n,
                     uint64_t now_ns);

/*
 * Takes the guest's bytes (all of them) and queues the reply of every
 * rule whose TEXT they complete. Returns the replies dropped because
 * UART_SIM_MAX_PENDING were already waiting (0 normally).
 */
unsigned uart_sim_write(struct uart_sim *s, const uint8_t *buf, size_t n);

/*
 * When the peer next has bytes: 0 if it has some now, the absolute
 * CLOCK_MONOTONIC time of the next step, or UINT64_MAX if none is left.
 */
uint64_t uart_sim_next(const struct uart_sim *s, uint64_t now_ns);

/* --- sim_dev.c: a sim device in the tender ------------------------------ */

/*
 * Reads and parses the script at path (set-up, before anything is
 * opened); a bad file ends the tender (status 1, one line). Returns the
 * peer, which lives as long as the tender.
 */
struct uart_sim *uart_sim_dev_load(const char *path);

/*
 * Makes peer s the poll source of manifest entry `index`: ready while it
 * has bytes, a timer waking POLL when its next step is due. Call from
 * setup(); ends the tender on failure.
 */
void uart_sim_dev_poll(struct uart_sim *s, unsigned index);

/* --- trace.c: the byte log ----------------------------------------------- */

#define UART_TRACE_MAX_DEFAULT (256ULL << 20) /* --uart-trace-max */

/*
 * The log (trace.c): set up with tnd_trace_file_setup (area "uart"),
 * its t0 set at guest start; fd -1 without --uart-trace.
 */
extern struct tnd_trace_file uart_trace;
/*
 * Logs one event of device `name` at now_ns: `what` ("tx", "rx") with
 * bytes buf[0..n-1], or a note (buf NULL: `what` alone, "config 9600
 * 8N1 OK"). Written at once.
 */
void uart_trace_log(const char *name, const char *what, const uint8_t *buf,
                    size_t n, uint64_t now_ns);

#endif /* TENDER_UART_H */
