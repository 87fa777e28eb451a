(* SPDX-License-Identifier: ISC *)
(* pv_lwt.ml: see pv_lwt.mli. Sleepers are kept sorted by deadline;
   waiters per device handle, oldest first. *)

let sleepers : (int64 * unit Lwt.u) list ref = ref []
let waiters : (Gpio.t * Gpio.event Lwt.u) list ref = ref []

(* UART readers: the device, where to read, and who waits. *)
type reader = { dev : Uart.t; buf : Bytes.t; off : int; len : int;
                u : int Lwt.u }

let readers : reader list ref = ref []

let rec insert ((d, _) as s) = function
  | ((d', _) as x) :: rest when Int64.compare d' d <= 0 -> x :: insert s rest
  | l -> s :: l

let sleep_ns d =
  let t, u = Lwt.task () in
  let deadline = Int64.add (Mclock.elapsed_ns ()) d in
  sleepers := insert (deadline, u) !sleepers;
  Lwt.on_cancel t (fun () ->
      sleepers := List.filter (fun (_, u') -> u' != u) !sleepers);
  t

let wait_event dev =
  match Gpio.read_event dev with
  | Some e -> Lwt.return e
  | None ->
      let t, u = Lwt.task () in
      waiters := !waiters @ [ (dev, u) ];
      Lwt.on_cancel t (fun () ->
          waiters := List.filter (fun (_, u') -> u' != u) !waiters);
      t

let uart_read dev buf off len =
  match Uart.read dev buf off len with
  | exception (Uart.Error _ as e) -> Lwt.fail e
  | n when n > 0 -> Lwt.return n
  | _ ->
      let t, u = Lwt.task () in
      readers := !readers @ [ { dev; buf; off; len; u } ];
      Lwt.on_cancel t (fun () ->
          readers := List.filter (fun r -> r.u != u) !readers);
      t

let uart_write dev s =
  let b = Bytes.of_string s in
  let rec go off =
    if off >= Bytes.length b then Lwt.return_unit
    else
      match Uart.write dev b off (min 4096 (Bytes.length b - off)) with
      | 0 -> Lwt.bind (sleep_ns 1_000_000L) (fun () -> go off)
      | n -> go (off + n)
  in
  go 0

let wake_sleepers now =
  let rec go () =
    match !sleepers with
    | (d, u) :: rest when Int64.compare d now <= 0 ->
        sleepers := rest;
        (* after the update: the callback may add sleepers *)
        Lwt.wakeup_later u ();
        go ()
    | _ -> ()
  in
  go ()

(* Gives each waiter of a ready device one event, in order. The waiters
   are woken only once the list is updated: their callbacks may add new
   waiters. *)
let serve_events ready =
  let ready_dev d = Int64.logand ready (Int64.shift_left 1L (Gpio.handle d)) in
  let woken = ref [] in
  let rec go = function
    | [] -> []
    | ((d, u) as w) :: rest ->
        if ready_dev d = 0L then w :: go rest
        else (
          match Gpio.read_event d with
          | Some e ->
              woken := (u, e) :: !woken;
              go rest
          | None -> w :: go rest)
  in
  waiters := go !waiters;
  List.iter (fun (u, e) -> Lwt.wakeup_later u e) (List.rev !woken)

(* Gives each reader of a ready UART what has arrived, oldest first; a
   read that fails (the line hung up) fails that reader's promise. *)
let serve_uarts ready =
  let woken = ref [] in
  let rec go = function
    | [] -> []
    | r :: rest ->
        if Int64.logand ready (Int64.shift_left 1L (Uart.handle r.dev)) = 0L
        then r :: go rest
        else (
          match Uart.read r.dev r.buf r.off r.len with
          | exception (Uart.Error _ as e) ->
              woken := (r.u, Error e) :: !woken;
              go rest
          | n when n > 0 ->
              woken := (r.u, Ok n) :: !woken;
              go rest
          | _ -> r :: go rest)
  in
  readers := go !readers;
  List.iter
    (function
      | u, Ok n -> Lwt.wakeup_later u n
      | u, Error e -> Lwt.wakeup_later_exn u e)
    (List.rev !woken)

let run t =
  let rec loop () =
    Lwt.wakeup_paused ();
    match Lwt.state t with
    | Lwt.Return v -> v
    | Lwt.Fail e -> raise e
    | Lwt.Sleep ->
        let now = Mclock.elapsed_ns () in
        wake_sleepers now;
        if Lwt.paused_count () > 0 then loop ()
        else if !sleepers = [] && !waiters = [] && !readers = [] then
          failwith "Pv_lwt.run: the program waits for nothing"
        else
          let deadline =
            match !sleepers with
            | (d, _) :: _ -> d
            | [] -> Int64.add now 1_000_000_000L
          in
          let ready =
            if Int64.compare deadline now <= 0 then 0L
            else Solo5.yield deadline
          in
          serve_events ready;
          serve_uarts ready;
          wake_sleepers (Mclock.elapsed_ns ());
          loop ()
  in
  loop ()
