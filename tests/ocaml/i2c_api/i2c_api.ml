(* SPDX-License-Identifier: ISC *)
(* i2c_api: the I2c module on the sim bus. Run with --i2c:bus=sim:0x48
   --i2c:ro=sim:0x50:ro --i2c-sim=FILE (a sensor at 0x48, an EEPROM at
   0x50, as tests/integration/i2c.test.sh gives): the grants as acquire
   reports them, the register helpers, a raw transfer, refusals as
   I2c.Error Invalid, an unknown device as Not_found. *)
let fail fmt = Printf.ksprintf (fun s -> print_endline ("FAILURE: " ^ s); exit 1) fmt

let invalid what f =
  match f () with
  | () -> fail "%s: accepted" what
  | exception I2c.Error (_, I2c.Invalid) -> Printf.printf "%s: Invalid\n" what

let () =
  (match I2c.acquire "nosuch" with
   | _ -> fail "acquired an undeclared device"
   | exception Not_found -> print_endline "unknown device: Not_found");
  let bus = I2c.acquire "bus" and ro = I2c.acquire "ro" in
  Printf.printf "bus: %s ro %b; ro: %s ro %b\n"
    (String.concat "," (List.map (Printf.sprintf "0x%02x") (I2c.addresses bus)))
    (I2c.read_only bus)
    (String.concat "," (List.map (Printf.sprintf "0x%02x") (I2c.addresses ro)))
    (I2c.read_only ro);
  I2c.write_byte_data bus 0x48 0x10 0xa5;
  I2c.write_word_data bus 0x48 0x20 0x1234;
  I2c.write_block_data bus 0x48 0x30 (Bytes.of_string "\001\002\003");
  let raw = Bytes.create 1 in
  I2c.transfer bus [ I2c.Write (0x48, Bytes.make 1 '\x10'); I2c.Read (0x48, raw) ];
  Printf.printf "byte 0x%02x word 0x%04x block %S raw 0x%02x\n"
    (I2c.read_byte_data bus 0x48 0x10)
    (I2c.read_word_data bus 0x48 0x20)
    (Bytes.to_string (I2c.read_block_data bus 0x48 0x30 3))
    (Bytes.get_uint8 raw 0);
  Printf.printf "ro 0x00: 0x%02x\n" (I2c.read_byte_data ro 0x50 0x00);
  invalid "write on ro" (fun () -> I2c.write_byte_data ro 0x50 0 1);
  invalid "address not granted" (fun () -> I2c.write_byte_data bus 0x50 0 1);
  invalid "no messages" (fun () -> I2c.transfer bus []);
  invalid "empty message" (fun () -> I2c.transfer bus [ I2c.Write (0x48, Bytes.empty) ]);
  invalid "nine messages"
    (fun () -> I2c.transfer bus (List.init 9 (fun _ -> I2c.Read (0x48, Bytes.create 1))));
  invalid "257 bytes" (fun () -> I2c.transfer bus [ I2c.Read (0x48, Bytes.create 257) ]);
  print_endline "SUCCESS"
