// Package draw is the verifiable random draw of double random, one public
// (双随机、一公开) inspections: which businesses are inspected and by which
// inspectors. It has no storage and no HTTP; docs/draw.md states the same
// protocol for people who re-implement it.
//
// # Tickets
//
// Every candidate id gets a ticket under a seed, exactly as Rivest's
// consistent_sampler computes it: s is the lowercase hex SHA-256 of the
// UTF-8 seed text; x is SHA-256 of the UTF-8 text s+id, read as a
// big-endian 256-bit integer; the ticket is "0." followed by the decimal
// digits of x, padded with leading zeros to at least 64 digits, in reverse
// order. Tickets compare as decimal fractions, which for these strings is
// plain byte order. Seeds and ids are text: "0" and "00" are different.
//
// A draw takes the smallest tickets. To rank ten million tickets quickly,
// the first 19 digits of a ticket are computed as the 19 low decimal digits
// of x (x mod 10^19) reversed, an integer that orders tickets except on ties,
// which the full tickets break (and the ids, should two tickets be equal).
// Hashing runs in parallel over chunks of the candidates, each worker keeps
// only the smallest tickets in a bounded heap, and the full tickets are
// written only for the selected candidates.
//
// # Selection
//
// Uniform takes the n smallest tickets in ticket order, then the next r as
// ordered reserves. Stratified takes ceil(N_h × ratio_h) smallest tickets
// within each stratum h of N_h candidates, with exact decimal ratios
// (Ratio), and lists strata in name order. Both are independent of input
// order; a sample of n is a prefix of a sample of n+k; and a draw over a
// subset is the superset's draw restricted to the subset.
//
// # Commitment and seed
//
// Before any randomness exists, Record.Freeze fixes the candidate list
// (CanonicalCandidates: ids sorted in byte order with their strata, one per
// line) and the parameters (Params.Canonical), and records their SHA-256.
// Each party commits to a secret by its SHA-256 (Commit). Afterwards the
// parties reveal their secrets and an operator types in a public random
// value named in advance (Params.PublicSource). The seed is the lowercase
// hex SHA-256 of SeedInput: the two hashes, every party's commitment with
// its revealed secret in hex or "missing", and the public value in hex or
// "none". A missing reveal never blocks the draw, and a revealed secret that
// does not match its commitment stops it.
//
// # Teams
//
// For each drawn business in ticket order, TeamSeed(seed, business) is the
// sub-seed under which the eligible inspectors get tickets; Teams describes
// the eligibility checks and the order in which the leader, the participating
// departments, the specialties and the minimum size are satisfied. A rule
// that cannot be met stops the draw with a *TeamError; no rule is relaxed.
//
// # Verification
//
// Verify checks the record format and algorithm, the candidate list (valid,
// its hash and count), the params hash, that no excluded id is a candidate,
// each revealed secret against its commitment; re-derives the seed; re-runs
// the selection and the teams under it; and lists every field that differs.
package draw

// AlgorithmVersion names the ticket, selection and team algorithm. It
// changes whenever any of them would give a different result.
const AlgorithmVersion = "doublerandom-draw/1"

// RecordFormat names the JSON format of Record.
const RecordFormat = "doublerandom-draw-record/1"
