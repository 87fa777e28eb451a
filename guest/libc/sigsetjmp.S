/* SPDX-License-Identifier: ISC */
/*
 * sigsetjmp.S: sigsetjmp and siglongjmp without the signal mask (nothing
 * ever changes it): tail jumps to musl's setjmp and longjmp, so they see
 * the caller's frame exactly as a direct call would.
 */
#if defined(__x86_64__)
    .text
    .globl sigsetjmp
    .type sigsetjmp, @function
sigsetjmp:
    jmp setjmp
    .size sigsetjmp, . - sigsetjmp

    .globl siglongjmp
    .type siglongjmp, @function
siglongjmp:
    jmp longjmp
    .size siglongjmp, . - siglongjmp
#elif defined(__aarch64__)
    .text
    .globl sigsetjmp
    .type sigsetjmp, %function
sigsetjmp:
    b setjmp
    .size sigsetjmp, . - sigsetjmp

    .globl siglongjmp
    .type siglongjmp, %function
siglongjmp:
    b longjmp
    .size siglongjmp, . - siglongjmp
#endif
    .section .note.GNU-stack, "", @progbits
