package draw

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// ErrFrozen reports an attempt to change a record that was already drawn:
// a second draw for the same task is a new record that supersedes this one
// (void and redraw), never a silent re-run.
var ErrFrozen = errors.New("record already drawn; void it and draw a new record")

// Exclusion is a business removed from the candidates before the list was
// frozen, with the reason (e.g. inspected twice this year, deregistered).
type Exclusion struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

// Record is the published draw record (抽查记录): everything Verify needs
// to re-run the draw. The candidate list may be carried inline or
// published beside the record as its canonical text.
type Record struct {
	Format          string `json:"format"`    // RecordFormat
	Algorithm       string `json:"algorithm"` // AlgorithmVersion
	TaskID          string `json:"task_id"`
	Title           string `json:"title"`
	CandidateSHA256 string `json:"candidate_sha256"`
	CandidateCount  int    `json:"candidate_count"`
	ParamsSHA256    string `json:"params_sha256"`
	// PoolSHA256 is HashPool of TeamRules and Inspectors, when teams are
	// drawn.
	PoolSHA256    string         `json:"pool_sha256,omitempty"`
	CommittedAt   string         `json:"committed_at"` // RFC 3339
	Params        Params         `json:"params"`
	Candidates    []Candidate    `json:"candidates,omitempty"`
	Exclusions    []Exclusion    `json:"exclusions,omitempty"`
	Contributions []Contribution `json:"contributions"`
	// RevealDeadline (RFC 3339) is the published time until which the draw
	// waits for every party's reveal; after it, missing reveals are recorded
	// as missing and the draw goes on. It is a rule of the workflow, fixed at
	// freeze time; it does not enter the seed or the selection.
	RevealDeadline string `json:"reveal_deadline,omitempty"`
	// PublicRandomness is the value of Params.PublicSource, typed in by the
	// operator once it is published.
	PublicRandomness string      `json:"public_randomness,omitempty"`
	Seed             string      `json:"seed"`
	Drawn            []Pick      `json:"drawn"`
	Reserves         []Pick      `json:"reserves,omitempty"`
	Inspectors       []Inspector `json:"inspectors,omitempty"`
	TeamRules        *TeamRules  `json:"team_rules,omitempty"`
	Teams            []Team      `json:"teams,omitempty"`
	DrawnAt          string      `json:"drawn_at,omitempty"` // RFC 3339
	// Supersedes is the task-unique id (or hash) of the voided record this
	// one replaces, and VoidReason why it was voided.
	Supersedes string `json:"supersedes,omitempty"`
	VoidReason string `json:"void_reason,omitempty"`
}

// Freeze is the commitment step: it checks the candidates, exclusions,
// params, contributions and team rules, then fills Format, Algorithm,
// CandidateSHA256, CandidateCount, ParamsSHA256 and, when empty,
// CommittedAt. Publish the frozen record before any secret is revealed and
// before the public randomness exists. Freezing a drawn record fails with
// ErrFrozen.
func (r *Record) Freeze() error {
	if r.Seed != "" || len(r.Drawn) > 0 {
		return fmt.Errorf("freeze: %w", ErrFrozen)
	}
	if err := CheckCandidates(r.Candidates); err != nil {
		return fmt.Errorf("freeze: %w", err)
	}
	if err := r.Params.Validate(); err != nil {
		return fmt.Errorf("freeze: %w", err)
	}
	if err := r.checkExclusions(r.Candidates); err != nil {
		return fmt.Errorf("freeze: %w", err)
	}
	if err := checkContributions(r.Contributions); err != nil {
		return fmt.Errorf("freeze: %w", err)
	}
	if err := r.checkTeamSetup(); err != nil {
		return fmt.Errorf("freeze: %w", err)
	}
	r.Format, r.Algorithm = RecordFormat, AlgorithmVersion
	r.CandidateSHA256 = HashCandidates(r.Candidates)
	r.CandidateCount = len(r.Candidates)
	r.ParamsSHA256 = r.Params.Hash()
	r.PoolSHA256 = r.poolHash()
	if r.CommittedAt == "" {
		r.CommittedAt = time.Now().UTC().Format(time.RFC3339)
	}
	return nil
}

func (r *Record) checkExclusions(cands []Candidate) error {
	in := make(map[string]bool, len(r.Exclusions))
	for i, e := range r.Exclusions {
		if e.ID == "" || e.Reason == "" {
			return fmt.Errorf("exclusion %d: id %q and reason %q must both be given",
				i+1, e.ID, e.Reason)
		}
		in[e.ID] = true
	}
	for _, c := range cands {
		if in[c.ID] {
			return fmt.Errorf("exclusions: %q is excluded but still a candidate", c.ID)
		}
	}
	return nil
}

func (r *Record) checkTeamSetup() error {
	if r.TeamRules == nil {
		if len(r.Inspectors) > 0 {
			return fmt.Errorf("inspectors given without team rules")
		}
		return nil
	}
	return CheckPool(*r.TeamRules, r.Inspectors)
}

// Execute is the draw step, run once the secrets are revealed (or their
// deadline has passed) and PublicRandomness is filled in: it checks that
// the record is frozen and unchanged since, derives the seed, draws Drawn
// and Reserves from the inline Candidates and, when TeamRules is set, the
// teams. It sets DrawnAt to the current time when empty. On error the
// record is left undrawn. Executing a drawn record fails with ErrFrozen.
func (r *Record) Execute() error {
	if r.Seed != "" || len(r.Drawn) > 0 {
		return fmt.Errorf("execute: %w", ErrFrozen)
	}
	if r.Format != RecordFormat || r.Algorithm != AlgorithmVersion {
		return fmt.Errorf("execute: record is not frozen (format %q, algorithm %q)",
			r.Format, r.Algorithm)
	}
	if h := HashCandidates(r.Candidates); h != r.CandidateSHA256 || len(r.Candidates) !=
		r.CandidateCount {
		return fmt.Errorf("execute: candidates changed since freezing (hash %s, frozen %s)",
			h, r.CandidateSHA256)
	}
	if h := r.Params.Hash(); h != r.ParamsSHA256 {
		return fmt.Errorf("execute: params changed since freezing (hash %s, frozen %s)",
			h, r.ParamsSHA256)
	}
	if h := r.poolHash(); h != r.PoolSHA256 {
		return fmt.Errorf("execute: inspectors or team rules changed since freezing "+
			"(hash %s, frozen %s)", h, r.PoolSHA256)
	}
	seed, err := DeriveSeed(r.CandidateSHA256, r.ParamsSHA256, r.Contributions,
		r.PublicRandomness)
	if err != nil {
		return fmt.Errorf("execute: %w", err)
	}
	drawn, reserves, teams, err := r.run(seed, r.Candidates)
	if err != nil {
		return fmt.Errorf("execute: %w", err)
	}
	r.Seed, r.Drawn, r.Reserves, r.Teams = seed, drawn, reserves, teams
	if r.DrawnAt == "" {
		r.DrawnAt = time.Now().UTC().Format(time.RFC3339)
	}
	return nil
}

// poolHash is HashPool of the record's team setup, or "" without teams.
func (r *Record) poolHash() string {
	if r.TeamRules == nil {
		return ""
	}
	return HashPool(*r.TeamRules, r.Inspectors)
}

// run performs the selection and the teams under seed.
func (r *Record) run(seed string, cands []Candidate) (drawn, reserves []Pick, teams []Team,
	err error) {
	if err := r.Params.Validate(); err != nil {
		return nil, nil, nil, err
	}
	switch r.Params.Mode {
	case ModeUniform:
		n, err := r.Params.sampleSize(len(cands))
		if err != nil {
			return nil, nil, nil, err
		}
		drawn, reserves, err = uniform(seed, &candSource{cands: cands}, n, r.Params.Reserves)
		if err != nil {
			return nil, nil, nil, err
		}
	case ModeStratified:
		ratios, err := r.Params.stratumRatios()
		if err != nil {
			return nil, nil, nil, err
		}
		if drawn, err = Stratified(seed, cands, ratios); err != nil {
			return nil, nil, nil, err
		}
	}
	if r.TeamRules == nil {
		return drawn, reserves, nil, nil
	}
	businesses := make([]string, len(drawn))
	for i, p := range drawn {
		businesses[i] = p.ID
	}
	teams, err = Teams(seed, businesses, r.Inspectors, *r.TeamRules)
	if err != nil {
		return nil, nil, nil, err
	}
	return drawn, reserves, teams, nil
}

// Difference is one way a record fails to reproduce: Want is what
// re-running gives, Got is what the record says.
type Difference struct {
	Field string `json:"field"`
	Want  string `json:"want"`
	Got   string `json:"got"`
}

// String formats the difference for people.
func (d Difference) String() string {
	if d.Want == "" && d.Got == "" {
		return d.Field // a note, such as how many differences were not listed
	}
	return fmt.Sprintf("%s: re-running gives %q, the record says %q", d.Field, d.Want, d.Got)
}

// unlisted adds a note that n more entries of a list differ than are listed.
func (d *diffs) unlisted(field string, n int) {
	if n > 0 {
		d.add(fmt.Sprintf("%s: %d more entries differ (the first %d are listed)", field, n,
			maxListDiffs), "", "")
	}
}

// maxListDiffs bounds the differences reported per list (drawn, teams...).
const maxListDiffs = 20

// diffs collects differences.
type diffs []Difference

func (d *diffs) add(field, want, got string) {
	*d = append(*d, Difference{Field: field, Want: want, Got: got})
}

func (d *diffs) check(field, want, got string) {
	if want != got {
		d.add(field, want, got)
	}
}

// Verify re-checks a draw record and returns every difference, or nil when
// the record reproduces exactly. candidates is the separately published
// candidate list, or nil when the record carries it inline; when both are
// present they must be equal. The steps are described in the package
// documentation.
func Verify(r *Record, candidates []Candidate) []Difference {
	if r == nil {
		return []Difference{{Field: "record", Want: "a draw record", Got: "none"}}
	}
	var d diffs
	d.check("format", RecordFormat, r.Format)
	d.check("algorithm", AlgorithmVersion, r.Algorithm)
	cands := r.Candidates
	if candidates != nil {
		if r.Candidates != nil {
			d.check("candidates", HashCandidates(candidates), HashCandidates(r.Candidates))
		}
		cands = candidates
	}
	if err := CheckCandidates(cands); err != nil {
		d.add("candidates", "a valid candidate list", err.Error())
		return d
	}

	seed := r.verifyCommitment(&d, cands)
	if err := r.Params.Validate(); err != nil {
		d.add("params", "valid parameters", err.Error())
		return d
	}
	drawn, reserves, teams, err := r.run(seed, cands)
	if err != nil {
		d.add("drawn", "a successful draw", err.Error())
		return d
	}
	comparePicks(&d, "drawn", drawn, r.Drawn)
	comparePicks(&d, "reserves", reserves, r.Reserves)
	compareTeams(&d, teams, r.Teams)
	if len(d) == 0 {
		return nil
	}
	return d
}

// verifyCommitment checks the hashes, exclusions and revealed secrets, and
// returns the re-derived seed, or the recorded one when it cannot be
// derived, so that the selection can still be compared.
func (r *Record) verifyCommitment(d *diffs, cands []Candidate) string {
	candHash := HashCandidates(cands)
	d.check("candidate_sha256", candHash, r.CandidateSHA256)
	d.check("candidate_count", strconv.Itoa(len(cands)), strconv.Itoa(r.CandidateCount))
	paramsHash := r.Params.Hash()
	d.check("params_sha256", paramsHash, r.ParamsSHA256)
	d.check("pool_sha256", r.poolHash(), r.PoolSHA256)
	if r.TeamRules != nil {
		if err := CheckPool(*r.TeamRules, r.Inspectors); err != nil {
			d.add("team_rules", "valid team rules and inspectors", err.Error())
		}
	}
	if err := r.checkExclusions(cands); err != nil {
		d.add("exclusions", "no excluded id among the candidates", err.Error())
	}
	for i, c := range r.Contributions {
		if c.Secret != "" && Commit(c.Secret) != c.Commitment {
			d.add(fmt.Sprintf("contributions[%d].secret", i),
				"a secret whose SHA-256 is the commitment "+c.Commitment,
				"a secret whose SHA-256 is "+Commit(c.Secret))
		}
	}
	seed, err := DeriveSeed(candHash, paramsHash, r.Contributions, r.PublicRandomness)
	if err != nil {
		d.add("seed", "a seed ("+err.Error()+")", r.Seed)
		return r.Seed
	}
	d.check("seed", seed, r.Seed)
	return seed
}

func comparePicks(d *diffs, field string, want, got []Pick) {
	d.check(field+" (count)", strconv.Itoa(len(want)), strconv.Itoa(len(got)))
	n := 0
	defer func() { d.unlisted(field, n-maxListDiffs) }()
	for i := range min(len(want), len(got)) {
		if want[i] == got[i] {
			continue
		}
		if n++; n > maxListDiffs {
			continue
		}
		f := fmt.Sprintf("%s[%d]", field, i)
		d.check(f+".id", want[i].ID, got[i].ID)
		d.check(f+".stratum", want[i].Stratum, got[i].Stratum)
		d.check(f+".ticket", want[i].Ticket, got[i].Ticket)
	}
}

func compareTeams(d *diffs, want, got []Team) {
	d.check("teams (count)", strconv.Itoa(len(want)), strconv.Itoa(len(got)))
	n := 0
	defer func() { d.unlisted("teams", n-maxListDiffs) }()
	for i := range min(len(want), len(got)) {
		w, g := teamString(want[i]), teamString(got[i])
		if w == g {
			continue
		}
		if n++; n > maxListDiffs {
			continue
		}
		d.add(fmt.Sprintf("teams[%d]", i), w, g)
	}
}

func teamString(t Team) string {
	return fmt.Sprintf("business %s, leader %s, members %v", t.Business, t.Leader, t.Members)
}
