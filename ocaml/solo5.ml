(* SPDX-License-Identifier: ISC *)
(* solo5.ml: see solo5.mli. *)
external yield : int64 -> int64 = "ml_solo5_yield"
