// Package draw is the verifiable random draw of double random, one public
// (双随机、一公开) inspections: which businesses are inspected and by which
// inspectors (SPEC R10, R11). It has no storage and no HTTP. This comment
// states the algorithm; docs/draw.md states the same protocol with worked
// examples for people who re-implement verification elsewhere.
//
// All text is UTF-8, hashes are lowercase hex SHA-256, "sorted" means byte
// order, and canonical texts end every line, the last one included, in LF.
//
// # Tickets
//
// Every candidate id gets a ticket under a seed, exactly as Rivest's
// consistent_sampler computes it: s is the lowercase hex SHA-256 of the
// seed text; x is SHA-256 of the text s+id, read as a big-endian 256-bit
// integer; the ticket is "0." followed by the decimal digits of x, padded
// with leading zeros to at least 64 digits, in reverse order. Tickets
// compare as decimal fractions, which for these strings is byte order.
// Seeds and ids are text: "0" and "00" are different seeds.
//
// A draw takes the smallest tickets. To rank ten million tickets quickly,
// the first 19 digits of a ticket are computed as the 19 low decimal digits
// of x (x mod 10^19) reversed, an integer that orders tickets except on ties,
// which the full tickets break (and the ids, should two tickets be equal).
// Hashing runs in parallel over chunks of the candidates; since the hex seed
// hash fills one SHA-256 block, its state is computed once. Each worker
// keeps only keys below a limit that about n+8√n keys are expected to fall
// under, in a buffer pruned to the n smallest when it fills (a group is
// rescanned without a limit in the rare case that fewer than n fall under
// it), and the full tickets are written only for the selected candidates.
// Duplicate ids are an error: in sorted input (as the canonical list is)
// they cannot occur; otherwise the keys are sorted and repeats compared.
//
// # Selection
//
// Uniform takes the n smallest tickets in ticket order, then the next r as
// ordered reserves. A ratio gives n = ceil(N × ratio) for N candidates,
// computed exactly (Ratio never uses floating point). Stratified takes
// ceil(N_h × ratio_h) smallest tickets within each stratum h of N_h
// candidates, and lists strata in name order. Both are independent of the
// input order; a sample of n is a prefix of a sample of n+k; and a draw
// over a subset is the superset's draw restricted to the subset.
//
// # Commitment and seed
//
// Record.Freeze fixes, before any randomness exists, the candidate list
// (CanonicalCandidates: lines "id" or "id,stratum" sorted by id), the
// parameters (Params.Canonical, including PublicSource, the name of a
// future public random value) and, when teams are drawn, the team rules and
// inspectors (CanonicalPool), and records their SHA-256. Each party commits
// to a secret by its SHA-256 (Commit) and reveals it later; an operator
// types in the public value once it exists. The seed is the SHA-256 of
// SeedInput:
//
//	doublerandom-seed/1
//	candidates <candidate list SHA-256>
//	params <params SHA-256>
//	contribution <party> <commitment> <hex of the secret, or "missing">
//	public <hex of the public value, or "none">
//
// with one contribution line per party in party order. A missing reveal
// never blocks the draw; a revealed secret that does not match its
// commitment stops it, and so does a seed with neither a revealed secret
// nor a public value, which anyone could compute in advance.
//
// # Teams
//
// For each drawn business b in ticket order, the eligible inspectors are
// ranked by their tickets under TeamSeed(seed, b) = SHA-256 of
// "doublerandom-team/1\n" + seed + "\n" + b + "\n". Eligible means active,
// of the lead or a participating department, with a certificate valid on
// the inspection date, without a declared conflict with b, not among b's
// last inspectors, and under the per-task cap. The team takes, each time
// the best-ranked fitting inspector not yet chosen: the leader from the
// lead department; one from each participating department not yet in the
// team; one for each required specialty not yet covered; then anyone until
// the minimum size. Members are the leader, then the others in ticket
// order. A step that finds nobody stops the draw with a *TeamError naming
// the business and the rule; no rule is relaxed.
//
// # Verification
//
// Verify checks the record format and algorithm, the candidate list (valid,
// its hash and count), the params and pool hashes, that no excluded id is a
// candidate, and each revealed secret against its commitment; re-derives
// the seed; re-runs the selection and the teams under it; and lists every
// field that differs. Execute refuses a record that was already drawn: a
// second draw is a new record that supersedes the voided one.
package draw

// AlgorithmVersion names the ticket, selection and team algorithm. It
// changes whenever any of them would give a different result.
const AlgorithmVersion = "doublerandom-draw/1"

// RecordFormat names the JSON format of Record.
const RecordFormat = "doublerandom-draw-record/1"
