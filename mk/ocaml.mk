# SPDX-License-Identifier: ISC
# ocaml.mk: OCaml unikernels (docs/ocaml.md).
#
# The runtime: Debian's OCaml 4.13.1 sources (ocaml-source) built
# freestanding with pinvisor's flags into build/ocaml/libasmrun.a, against
# musl's headers and guest/libc/. Programs: compiled by Debian's ocamlopt
# (-output-obj) with Debian's stdlib and linked with that runtime, the
# OCaml glue (ocaml/*.c) and the bindings by ocaml/pinvisor-ocaml. For
# another architecture (ARCH=aarch64 on x86_64) the compiler is a cross
# compiler built from the same sources (ocaml/cross/build.sh, cached in
# $(BUILD)/ocaml-cross/), which also compiles that architecture's stdlib
# and Lwt's core.
OCAML_SRC_TAR = /usr/src/ocaml-source-4.13.1.tar
OCAML_DIR = $(BUILD)/ocaml
ifeq ($(ARCH),$(BUILD_ARCH))
OCAMLOPT ?= ocamlopt
OCAMLFIND ?= ocamlfind
OCAML_TOOLCHAIN =
OCAML_NATIVE_LDFLAGS =
else
OCAML_CROSS = $(BUILD)/ocaml-cross
OCAML_TOOLCHAIN = $(OCAML_CROSS)/bin/ocamlopt
OCAMLOPT = $(OCAML_TOOLCHAIN)
OCAMLFIND = OCAMLFIND_CONF=$(abspath $(OCAML_CROSS))/findlib.conf ocamlfind
# Test programs run as Linux processes in the arm64 VM, which has no libc.
OCAML_NATIVE_LDFLAGS = -ccopt -static
$(OCAML_TOOLCHAIN): ocaml/cross/build.sh ocaml/runtime/prepare.sh \
    $(OCAML_SRC_TAR) $(wildcard ocaml/runtime/patches/*.patch)
	$(call say,OCAML_X,$(OCAML_CROSS))ocaml/cross/build.sh \
	    $(OCAML_SRC_TAR) $(ARCH)-linux-gnu $(OCAML_CROSS)
	@touch $@
# pinvisor-ocaml -B $(BUILD) takes the toolchain from here.
$(OCAML_DIR)/findlib.conf: $(OCAML_TOOLCHAIN)
	@mkdir -p $(dir $@)
	$(Q)cp $(OCAML_CROSS)/findlib.conf $@
endif
OCAML_SRC = $(OCAML_DIR)/src/ocaml
OCAML_ARCH_x86_64 = amd64
OCAML_ARCH_aarch64 = arm64
OCAML_ARCH = $(OCAML_ARCH_$(ARCH))
LIBASMRUN = $(OCAML_DIR)/libasmrun.a

OCAML_RT_SRCS = startup_aux startup_nat main fail_nat roots_nat signals \
  signals_nat misc freelist major_gc minor_gc memory alloc compare ints \
  floats str array io extern intern hash sys parsing gc_ctrl eventlog md5 \
  obj lexing unix printexc callback weak compact finalise custom globroots \
  backtrace_nat backtrace dynlink_nat debugger meta dynlink clambda_checks \
  afl bigarray memprof domain skiplist codefrag
OCAML_RT_OBJS = $(OCAML_RT_SRCS:%=$(OCAML_DIR)/rt/%.o) \
                $(OCAML_DIR)/rt/$(OCAML_ARCH).o

# The runtime's own flags (Debian's, see `ocamlopt -config`) without the
# stack protector, fortification or red zone (x86_64), and without PIC.
OCAML_RT_CFLAGS = -O2 -g -fno-strict-aliasing -fwrapv -fno-common \
    -fexcess-precision=standard -fno-tree-vrp -ffunction-sections \
    -fno-pie -fno-pic -fno-stack-protector -U_FORTIFY_SOURCE \
    $(GUEST_ARCH_CFLAGS) -fno-asynchronous-unwind-tables -Wall \
    -nostdinc -isystem $(MUSL_INC) \
    -isystem $(shell $(GUEST_CC) -print-file-name=include) \
    -Iocaml/runtime -Iocaml/runtime/caml -I$(OCAML_SRC)/runtime \
    -DCAML_NAME_SPACE -DCAMLDLLIMPORT= -DNATIVE_CODE \
    -DTARGET_$(OCAML_ARCH) -DMODEL_default -DSYS_linux

$(OCAML_SRC)/.prepared: ocaml/runtime/prepare.sh $(OCAML_SRC_TAR) \
    ocaml/runtime/caml/m.h $(wildcard ocaml/runtime/patches/*.patch) \
    $(OCAML_TOOLCHAIN)
	$(call say,PREPARE,$(OCAML_SRC_TAR))ocaml/runtime/prepare.sh \
	    $(OCAML_SRC_TAR) $(OCAML_DIR)/src
	$(Q)ocaml/runtime/check_config.sh $(OCAMLOPT)
	@touch $@

$(OCAML_DIR)/rt/%.o: $(OCAML_SRC)/.prepared
	@mkdir -p $(dir $@)
	$(call say,OCAML_CC,$(notdir $*).c)$(GUEST_CC) $(OCAML_RT_CFLAGS) \
	    -c $(OCAML_SRC)/runtime/$*.c -o $@
$(OCAML_DIR)/rt/$(OCAML_ARCH).o: $(OCAML_SRC)/.prepared
	@mkdir -p $(dir $@)
	$(call say,OCAML_AS,$(OCAML_ARCH).S)$(GUEST_CC) $(OCAML_RT_CFLAGS) \
	    -c $(OCAML_SRC)/runtime/$(OCAML_ARCH).S -o $@
$(OCAML_RT_OBJS): ocaml/runtime/caml/m.h ocaml/runtime/caml/s.h \
    ocaml/runtime/build_config.h

$(LIBASMRUN): $(OCAML_RT_OBJS)
	$(call say,AR,$@)rm -f $@ && $(GUEST_AR) rcs $@ $^

# The glue (ocaml/*.c, *.S) in libpvocaml.a; the OCaml modules in
# pinvisor.cmxa (Gpio, I2c, Uart, Solo5, Mclock, Pclock, Console) and
# pinvisor_lwt.cmxa (Pv_lwt, with Debian's lwt); the linker script with
# the OCaml stack (ocaml.lds, from guest/pinvisor.lds).
OCAML_LIB = $(OCAML_DIR)/lib
LIBPVOCAML = $(OCAML_DIR)/libpvocaml.a
PVOCAML_OBJS = $(patsubst ocaml/%,$(OCAML_DIR)/glue/%.o,\
    $(basename $(wildcard ocaml/*.c ocaml/*.S)))
PVOCAML_CMXA = $(OCAML_LIB)/pinvisor.cmxa
PVOCAML_LWT_CMXA = $(OCAML_LIB)/pinvisor_lwt.cmxa
OCAML_LDS = $(OCAML_DIR)/ocaml.lds
PVOCAML_CORE_MODS = solo5 mclock pclock console gpio i2c uart
OCAMLOPT_FLAGS = -g -w +a-4-9-40-41-42-44-45-70 -warn-error +a -I $(OCAML_LIB)
OCAML_ALL = $(LIBASMRUN) $(LIBPVOCAML) $(PVOCAML_CMXA) $(PVOCAML_LWT_CMXA) \
            $(OCAML_LDS) $(if $(OCAML_TOOLCHAIN),$(OCAML_DIR)/findlib.conf)
ALL_TARGETS += $(OCAML_ALL)

$(OCAML_DIR)/glue/%.o: ocaml/%.c $(OCAML_SRC)/.prepared
	@mkdir -p $(dir $@)
	$(call say,GUEST_CC,$<)$(GUEST_CC) $(GUEST_CFLAGS) $(GUEST_LIBC_INC) \
	    -D_GNU_SOURCE -Iocaml -Iocaml/runtime/caml -I$(OCAML_SRC)/runtime \
	    -c $< -o $@
$(OCAML_DIR)/glue/%.o: ocaml/%.S
	@mkdir -p $(dir $@)
	$(call say,GUEST_AS,$<)$(GUEST_CC) $(GUEST_CFLAGS) -c $< -o $@
$(LIBPVOCAML): $(PVOCAML_OBJS)
	$(call say,AR,$@)rm -f $@ && $(GUEST_AR) rcs $@ $^

$(OCAML_LIB)/%.cmi: ocaml/%.mli $(OCAML_TOOLCHAIN)
	@mkdir -p $(dir $@)
	$(call say,OCAMLOPT,$<)$(OCAMLFIND) ocamlopt $(OCAMLOPT_FLAGS) \
	    -package lwt -c -o $@ $<
$(OCAML_LIB)/%.cmx: ocaml/%.ml $(OCAML_LIB)/%.cmi
	$(call say,OCAMLOPT,$<)$(OCAMLFIND) ocamlopt $(OCAMLOPT_FLAGS) \
	    -package lwt -c -o $@ $<
$(OCAML_LIB)/pv_lwt.cmx $(OCAML_LIB)/pv_lwt.cmi: \
    $(PVOCAML_CORE_MODS:%=$(OCAML_LIB)/%.cmi)
# ocamlopt reads a module's .cmx when it is there: wait for it whole.
$(OCAML_LIB)/pv_lwt.cmx: $(PVOCAML_CORE_MODS:%=$(OCAML_LIB)/%.cmx)
$(OCAML_LIB)/gpio.cmx: $(OCAML_LIB)/mclock.cmi $(OCAML_LIB)/solo5.cmi


$(PVOCAML_CMXA): $(PVOCAML_CORE_MODS:%=$(OCAML_LIB)/%.cmx)
	$(call say,OCAMLOPT,$@)$(OCAMLOPT) -a -o $@ $^
$(PVOCAML_LWT_CMXA): $(OCAML_LIB)/pv_lwt.cmx
	$(call say,OCAMLOPT,$@)$(OCAMLOPT) -a -o $@ $^

$(OCAML_LDS): guest/pinvisor.lds
	@mkdir -p $(dir $@)
	$(call say,GEN,$@)sed \
	    -e 's|^\( *\)rodata PT_LOAD FLAGS(4);|&\n\1ocamlstack PT_LOAD FLAGS(6);|' \
	    -e 's|^\( *\)_erodata = \.;|&\n\1.pvstack (NOLOAD) : {\n\1    _pvstack_start = .;\n\1    . += DEFINED(PVOCAML_STACK_SIZE) ? PVOCAML_STACK_SIZE : 0x100000;\n\1    _pvstack_end = .;\n\1} :ocamlstack|' \
	    $< >$@
	$(Q)grep -q '_pvstack_end' $@ && grep -q 'ocamlstack PT_LOAD' $@

# $(call ocaml_unikernel,OUT,SOURCES,MANIFEST,PACKAGES,MODE): links OUT
# (a .hvt) from the OCaml SOURCES with ocaml/pinvisor-ocaml; PACKAGES is
# a comma-separated findlib list or empty, MODE native or solo5. This is
# the make include for OCaml unikernels (docs/ocaml.md).
define ocaml_unikernel
$(1): $(2) $(3) ocaml/pinvisor-ocaml $$(OCAML_ALL) $$(BINDINGS) \
    $$(BINDINGS_SOLO5) $$(LIBPVLIBC) $$(MFT_TOOL)
	@mkdir -p $$(dir $$@)
	$$(call say,OCAML,$$@)GUEST_CC=$$(GUEST_CC) \
	    PINVISOR_ELFTOOL=$$(MFT_TOOL) ocaml/pinvisor-ocaml \
	    -B $$(BUILD) -o $$@ -m $(3) $(if $(4),-p $(4)) \
	    $(if $(filter solo5,$(5)),--solo5) $(2)
endef

OCAML_EXAMPLES = $(BUILD)/examples/blink_ml.hvt $(BUILD)/examples/button_ml.hvt
ALL_TARGETS += $(OCAML_EXAMPLES)
$(eval $(call ocaml_unikernel,$(BUILD)/examples/blink_ml.hvt,\
    examples/ocaml/blink.ml,examples/ocaml/blink.json,,native))
$(eval $(call ocaml_unikernel,$(BUILD)/examples/button_ml.hvt,\
    examples/ocaml/button.ml,examples/ocaml/button.json,lwt,native))

# Test unikernels: tests/ocaml/NAME/NAME.ml (+ manifest.json, optional
# PACKAGES and MODES files) gives build/tests/ocaml/NAME.hvt and
# NAME.solo5.hvt, and NAME.native, the same program as a Linux process.
OCAML_TESTS = $(notdir $(patsubst %/,%,$(dir $(wildcard tests/ocaml/*/manifest.json))))
ml_pkgs = $(strip $(if $(wildcard tests/ocaml/$(1)/PACKAGES),$(shell cat tests/ocaml/$(1)/PACKAGES)))
ml_modes = $(if $(wildcard tests/ocaml/$(1)/MODES),$(shell cat tests/ocaml/$(1)/MODES),native solo5)
OCAML_TEST_HVTS =
$(foreach t,$(OCAML_TESTS),\
  $(if $(filter native,$(call ml_modes,$(t))),\
    $(eval OCAML_TEST_HVTS += $(BUILD)/tests/ocaml/$(t).hvt)\
    $(eval $(call ocaml_unikernel,$(BUILD)/tests/ocaml/$(t).hvt,tests/ocaml/$(t)/$(t).ml,tests/ocaml/$(t)/manifest.json,$(call ml_pkgs,$(t)),native)))\
  $(if $(filter solo5,$(call ml_modes,$(t))),\
    $(eval OCAML_TEST_HVTS += $(BUILD)/tests/ocaml/$(t).solo5.hvt)\
    $(eval $(call ocaml_unikernel,$(BUILD)/tests/ocaml/$(t).solo5.hvt,tests/ocaml/$(t)/$(t).ml,tests/ocaml/$(t)/manifest.json,$(call ml_pkgs,$(t)),solo5))))
# The same programs as Linux processes (Debian's runtime; for another
# ARCH, static programs of the cross compiler), for the tests that
# compare outputs.
OCAML_TEST_NATIVE_NAMES = workload frametable
OCAML_TEST_NATIVE = $(OCAML_TEST_NATIVE_NAMES:%=$(BUILD)/tests/ocaml/%.native)
define ocaml_test_native
$(BUILD)/tests/ocaml/$(1).native: tests/ocaml/$(1)/$(1).ml $$(OCAML_TOOLCHAIN)
	@mkdir -p $$(dir $$@)/native
	$$(call say,OCAMLOPT,$$@)cp $$< $$(dir $$@)/native/ && \
	    $$(OCAMLOPT) -g $$(OCAML_NATIVE_LDFLAGS) -o $$@ \
	    $$(dir $$@)/native/$(1).ml
endef
$(foreach t,$(OCAML_TEST_NATIVE_NAMES),$(eval $(call ocaml_test_native,$(t))))
tests-build: $(OCAML_TEST_HVTS) $(OCAML_TEST_NATIVE)
# The examples in Solo5 mode too, for the integration tests.
$(eval $(call ocaml_unikernel,$(BUILD)/tests/ocaml/blink_ml.solo5.hvt,\
    examples/ocaml/blink.ml,examples/ocaml/blink.json,,solo5))
$(eval $(call ocaml_unikernel,$(BUILD)/tests/ocaml/button_ml.solo5.hvt,\
    examples/ocaml/button.ml,examples/ocaml/button.json,lwt,solo5))
tests-build: $(BUILD)/tests/ocaml/blink_ml.solo5.hvt \
    $(BUILD)/tests/ocaml/button_ml.solo5.hvt
# The OCaml blink in Solo5 mode for bench/table1.
$(eval $(call ocaml_unikernel,$(BUILD)/bench/blink_ml.solo5.hvt,\
    examples/ocaml/blink.ml,examples/ocaml/blink.json,,solo5))
bench-build: $(BUILD)/bench/blink_ml.solo5.hvt
# Where the OCaml stack starts, for the stack overflow case (the arm64
# test VM has no nm).
$(BUILD)/tests/ocaml/overflow.stack: $(BUILD)/tests/ocaml/overflow.hvt
	$(call say,GEN,$@)$(CROSS)nm $< | \
	    awk '$$3 == "_pvstack_start" { print "0x" $$1 }' >$@ && [ -s $@ ]
tests-build: $(BUILD)/tests/ocaml/overflow.stack
# A cross build builds every test unikernel (mk/tests.mk).
ifneq ($(CROSS),)
ALL_TARGETS += $(OCAML_TEST_HVTS) $(OCAML_TEST_NATIVE) \
    $(BUILD)/tests/ocaml/blink_ml.solo5.hvt \
    $(BUILD)/tests/ocaml/button_ml.solo5.hvt \
    $(BUILD)/bench/blink_ml.solo5.hvt $(BUILD)/tests/ocaml/overflow.stack
endif
