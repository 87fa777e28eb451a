/* SPDX-License-Identifier: ISC */
/*
 * m.h: the machine description the OCaml 4.13 runtime reads (through
 * caml/config.h), for pinvisor guests: x86_64 and aarch64 are both 64-bit
 * little-endian LP64 machines. It must agree with the configuration of
 * Debian's ocamlopt and stdlib, whose code is linked with this runtime
 * (mk/ocaml.mk checks `ocamlopt -config` before building).
 */
#define ARCH_SIXTYFOUR 1
#undef ARCH_BIG_ENDIAN
#undef ARCH_ALIGN_DOUBLE
/* Guest images are linked at 1 MiB: code sits in the low 4 GiB. */
#define HAS_ARCH_CODE32 1
#define SIZEOF_INT 4
#define SIZEOF_LONG 8
#define SIZEOF_PTR 8
#define SIZEOF_SHORT 2
#define SIZEOF_LONGLONG 8
#define ARCH_INT64_TYPE long
#define ARCH_UINT64_TYPE unsigned long
#define ARCH_INT64_PRINTF_FORMAT "l"
#undef ARCH_ALIGN_INT64
#undef NONSTANDARD_DIV_MOD
#define PROFINFO_WIDTH 0
#define ASM_CFI_SUPPORTED 1
#define CAML_SAFE_STRING 1
#define FLAT_FLOAT_ARRAY 1
#define FUNCTION_SECTIONS 1
#define SUPPORTS_ALIGNED_ATTRIBUTE 1
#define SUPPORTS_TREE_VECTORIZE 1
