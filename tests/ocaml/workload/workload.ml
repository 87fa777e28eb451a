(* SPDX-License-Identifier: ISC *)
(* workload: GC-heavy work whose output must be byte-identical to the
   same program run as a Linux process (build/tests/ocaml/workload.native):
   allocation and collection, exceptions, Int64, Bytes, Hashtbl, Buffer,
   float printing and parsing (subnormals, huge %f, %.17g round trips),
   and the math library. Small enough for an emulated test VM. *)

let section name = Printf.printf "== %s\n" name

(* Lists, arrays and strings that die young and old; compaction. *)
let gc_work () =
  section "gc";
  let keep = ref [] in
  for i = 1 to 200 do
    let l = List.init 500 (fun j -> (i * j) land 0xffff) in
    let s = List.fold_left ( + ) 0 l in
    if i mod 10 = 0 then keep := Array.make 200 s :: !keep
  done;
  Gc.full_major ();
  let total =
    List.fold_left (fun acc a -> acc + Array.fold_left ( + ) 0 a) 0 !keep
  in
  keep := [];
  Gc.compact ();
  Printf.printf "kept total %d\n" total

exception Odd of int

let exceptions () =
  section "exceptions";
  let caught = ref 0 and sum = ref 0 in
  for i = 1 to 20_000 do
    try if i land 1 = 1 then raise (Odd i) else sum := !sum + i
    with Odd n -> incr caught; sum := !sum - n
  done;
  let nf = try ignore (Hashtbl.find (Hashtbl.create 1) "x"); 0 with Not_found -> 1 in
  let dz = try ignore (1 / (nf - 1)); 0 with Division_by_zero -> 1 in
  let fl = try failwith "boom" with Failure m -> String.length m in
  Printf.printf "caught %d sum %d not_found %d div %d failure %d\n" !caught
    !sum nf dz fl

let int64s () =
  section "int64";
  let x = ref 0x123456789abcdefL in
  for _ = 1 to 1000 do
    x := Int64.(add (mul !x 6364136223846793005L) 1442695040888963407L)
  done;
  Printf.printf "lcg %Ld %Lx %Lu\n" !x !x !x;
  Printf.printf "limits %Ld %Ld %Ld\n" Int64.max_int Int64.min_int
    (Int64.div Int64.min_int (-7L));
  Printf.printf "shifts %Lx %Lx\n" (Int64.shift_right !x 13)
    (Int64.shift_right_logical !x 13)

let bytes_work () =
  section "bytes";
  let b = Bytes.create 4096 in
  for i = 0 to 4095 do Bytes.set b i (Char.chr (i * 7 land 255)) done;
  let c = Bytes.copy b in
  Bytes.blit b 100 c 0 1000;
  let d = Digest.to_hex (Digest.bytes c) in
  let s = Bytes.sub_string c 0 16 in
  Printf.printf "digest %s first %S\n" d s;
  let buf = Buffer.create 16 in
  for i = 1 to 2000 do Buffer.add_string buf (string_of_int i) done;
  Printf.printf "buffer %d %s\n" (Buffer.length buf)
    (Digest.to_hex (Digest.string (Buffer.contents buf)))

let hashtables () =
  section "hashtbl";
  let h = Hashtbl.create 16 in
  for i = 1 to 20_000 do Hashtbl.replace h (string_of_int (i * 31)) i done;
  for i = 1 to 10_000 do Hashtbl.remove h (string_of_int (i * 62)) done;
  let sum = Hashtbl.fold (fun _ v acc -> acc + v) h 0 in
  Printf.printf "length %d sum %d hash %d\n" (Hashtbl.length h) sum
    (Hashtbl.hash "pinvisor")

let floats () =
  section "floats";
  let values =
    [ 0.0; -0.0; 1.0; 0.1; 1.0 /. 3.0; 2.5; 1e23; 1e22; 5e-324; 2.2250738585072009e-308;
      2.2250738585072014e-308; max_float; min_float; epsilon_float; 123456789.125;
      9007199254740993.0; 1e-7; 6.02214076e23; infinity; neg_infinity; nan ]
  in
  List.iter
    (fun x ->
      Printf.printf "%s %F %.17g %e %g %.3f\n" (string_of_float x) x x x x x)
    values;
  Printf.printf "huge %f\n" max_float;
  Printf.printf "1e23 %f\n" 1e23;
  Printf.printf "sub %.20e %h\n" 5e-324 5e-324;
  let strs = [ "0.1"; "1e23"; "4.9e-324"; "2.4703282292062327e-324"; "2.4703282292062328e-324";
               "1.7976931348623157e308"; "1.7976931348623159e308"; "0x1.8p3"; "-0.0";
               "123456789012345678901234567890"; "1_000.5"; "nan"; "inf" ] in
  List.iter
    (fun s -> Printf.printf "%s -> %.17g\n" s (float_of_string s))
    strs;
  let ok = ref 0 in
  let x = ref 1.0 in
  for _ = 1 to 2000 do
    x := !x *. 1.000123456789 +. 1e-9;
    if float_of_string (Printf.sprintf "%.17g" !x) = !x then incr ok
  done;
  Printf.printf "round trips %d/2000\n" !ok

let maths () =
  section "math";
  List.iter
    (fun x ->
      Printf.printf "%g: %.17g %.17g %.17g %.17g %.17g %.17g %.17g\n" x (sin x)
        (cos x) (tan x) (exp x) (log (abs_float x +. 1.)) (atan2 x 1.5)
        (sqrt (abs_float x)))
    [ 0.5; 1.0; 2.0; 10.0; -3.25; 100.0 ];
  Printf.printf "%.17g %.17g %.17g %.17g\n" (2. ** 0.5) (Float.fma 1.5 2.5 0.25)
    (mod_float 10.5 3.) (ldexp 1.5 10)

let () =
  gc_work ();
  exceptions ();
  int64s ();
  bytes_work ();
  hashtables ();
  floats ();
  maths ();
  print_endline "SUCCESS"
