/* SPDX-License-Identifier: ISC */
/*
 * stack.S: pvocaml_call_on_stack(fn, arg, top): runs fn(arg) on another
 * stack (ocaml/main.c runs the OCaml program on the stack of ocaml.lds,
 * which lies right above read-only memory, so that an overflow faults).
 */
#if defined(__x86_64__)
    .text
    .globl pvocaml_call_on_stack
    .type pvocaml_call_on_stack, @function
pvocaml_call_on_stack:
    pushq %rbp
    movq %rsp, %rbp
    movq %rdx, %rsp
    movq %rdi, %rax
    movq %rsi, %rdi
    call *%rax
    movq %rbp, %rsp
    popq %rbp
    ret
    .size pvocaml_call_on_stack, . - pvocaml_call_on_stack
#elif defined(__aarch64__)
    .text
    .globl pvocaml_call_on_stack
    .type pvocaml_call_on_stack, %function
pvocaml_call_on_stack:
    stp x29, x30, [sp, #-16]!
    mov x29, sp
    mov sp, x2
    mov x3, x0
    mov x0, x1
    blr x3
    mov sp, x29
    ldp x29, x30, [sp], #16
    ret
    .size pvocaml_call_on_stack, . - pvocaml_call_on_stack
#endif
    .section .note.GNU-stack, "", @progbits
