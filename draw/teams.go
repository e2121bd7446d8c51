package draw

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The rules a team can fail, as TeamError.Rule names them.
const (
	RuleLeader      = "leader"        // no eligible inspector of the lead department
	RuleDepartment  = "participating" // no eligible inspector of a participating department
	RuleSpecialty   = "specialty"     // no eligible inspector with a required specialty
	RuleMinSize     = "min_size"      // too few eligible inspectors to reach the minimum size
	dateLayout      = "2006-01-02"
	teamSeedFormat  = "doublerandom-team/1"
	minTeamSize     = 2
	maxTeamSizeRule = 1000
)

// Inspector is a certified enforcement officer (执法检查人员) who may be drawn.
type Inspector struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Dept        string   `json:"dept"`
	CertNo      string   `json:"cert_no"`
	CertExpiry  string   `json:"cert_expiry"` // YYYY-MM-DD, last day of validity
	Specialties []string `json:"specialties,omitempty"`
	// Conflicts lists business ids the inspector must not inspect (回避).
	Conflicts []string `json:"conflicts,omitempty"`
	Active    bool     `json:"active"`
}

// TeamRules are the rules every drawn team must meet (SPEC R10, Art. 18).
type TeamRules struct {
	LeadDept      string   `json:"lead_dept"`
	Participating []string `json:"participating"`
	MinSize       int      `json:"min_size"` // at least 2
	// Date is the inspection date, YYYY-MM-DD; certificates must be valid
	// on it.
	Date string `json:"date"`
	// Specialties must each be held by at least one member.
	Specialties []string `json:"specialties,omitempty"`
	// MaxPerInspector caps the businesses one inspector gets in this task;
	// 0 means no cap.
	MaxPerInspector int `json:"max_per_inspector,omitempty"`
	// LastInspectors maps a business id to the inspectors of its last
	// inspection, who are excluded this time.
	LastInspectors map[string][]string `json:"last_inspectors,omitempty"`
}

// Team is the joint inspection team of one business. Members holds every
// member, the leader first, then the others in ticket order.
type Team struct {
	Business string   `json:"business"`
	Leader   string   `json:"leader"`
	Members  []string `json:"members"`
}

// TeamError reports a business for which no team meets a rule. Rules are
// never relaxed: the draw stops.
type TeamError struct {
	Business string
	Rule     string
	Detail   string
}

// Error implements error.
func (e *TeamError) Error() string {
	return fmt.Sprintf("team for business %s: rule %s cannot be met: %s",
		e.Business, e.Rule, e.Detail)
}

// TeamSeed returns the sub-seed of a business's team: the lowercase hex
// SHA-256 of "doublerandom-team/1\n" + seed + "\n" + business + "\n".
func TeamSeed(seed, business string) string {
	sum := sha256.Sum256([]byte(teamSeedFormat + "\n" + seed + "\n" + business + "\n"))
	return hex.EncodeToString(sum[:])
}

// Teams draws one team per business, taking the businesses in the order
// given (the draw's ticket order), since the per-inspector cap makes later
// teams depend on earlier ones. For each business, the eligible inspectors
// are ordered by their tickets under TeamSeed(seed, business), and:
//
//  1. the leader is the first eligible inspector of the lead department;
//  2. for each participating department in the order listed (the lead
//     department skipped), the first eligible inspector of it joins;
//  3. for each required specialty in the order listed that no member has
//     yet, the first eligible inspector not yet chosen who has it joins;
//  4. the first eligible inspectors not yet chosen join until the team has
//     MinSize members.
//
// An inspector is eligible when active, of the lead or a participating
// department, holding a certificate number whose expiry date is on or after
// the inspection date (an unreadable date is not valid), without a declared
// conflict with the business, not among its last inspectors, and below the
// cap. When a step finds nobody, Teams returns a *TeamError.
func Teams(seed string, businesses []string, pool []Inspector, rules TeamRules) ([]Team, error) {
	if err := rules.check(); err != nil {
		return nil, err
	}
	if err := checkPool(pool); err != nil {
		return nil, err
	}
	if dup := firstDuplicate(businesses); dup != "" {
		return nil, fmt.Errorf("teams: business %q listed twice", dup)
	}
	load := map[string]int{}
	teams := make([]Team, 0, len(businesses))
	for _, b := range businesses {
		team, err := drawTeam(seed, b, pool, rules, load)
		if err != nil {
			return nil, err
		}
		for _, m := range team.Members {
			load[m]++
		}
		teams = append(teams, team)
	}
	return teams, nil
}

// check validates the rules themselves.
func (r TeamRules) check() error {
	if r.LeadDept == "" {
		return fmt.Errorf("team rules: lead department is empty")
	}
	if r.MinSize < minTeamSize || r.MinSize > maxTeamSizeRule {
		return fmt.Errorf("team rules: min_size %d must be between %d and %d",
			r.MinSize, minTeamSize, maxTeamSizeRule)
	}
	if _, err := time.Parse(dateLayout, r.Date); err != nil {
		return fmt.Errorf("team rules: inspection date %q is not YYYY-MM-DD: %w", r.Date, err)
	}
	if r.MaxPerInspector < 0 {
		return fmt.Errorf("team rules: max_per_inspector %d is negative", r.MaxPerInspector)
	}
	return nil
}

func checkPool(pool []Inspector) error {
	seen := map[string]bool{}
	for i, in := range pool {
		if in.ID == "" {
			return fmt.Errorf("inspector pool: inspector %d (%s) has an empty id", i+1, in.Name)
		}
		if seen[in.ID] {
			return fmt.Errorf("inspector pool: inspector id %q listed twice", in.ID)
		}
		seen[in.ID] = true
	}
	return nil
}

func firstDuplicate(ids []string) string {
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if seen[id] {
			return id
		}
		seen[id] = true
	}
	return ""
}

// ranked is an eligible inspector with its ticket.
type ranked struct {
	in     *Inspector
	ticket string
}

// drawTeam applies the steps of Teams to one business.
func drawTeam(seed, business string, pool []Inspector, rules TeamRules,
	load map[string]int) (Team, error) {
	elig, excluded := eligible(business, pool, rules, load)
	t := newTicketer(TeamSeed(seed, business))
	ranks := make([]ranked, len(elig))
	for i, in := range elig {
		ranks[i] = ranked{in: in, ticket: t.ticket(in.ID)}
	}
	slices.SortFunc(ranks, func(a, b ranked) int {
		if c := strings.Compare(a.ticket, b.ticket); c != 0 {
			return c
		}
		return strings.Compare(a.in.ID, b.in.ID)
	})

	chosen := map[string]bool{}
	var picked []ranked
	take := func(ok func(*Inspector) bool) bool {
		for _, r := range ranks {
			if !chosen[r.in.ID] && ok(r.in) {
				chosen[r.in.ID] = true
				picked = append(picked, r)
				return true
			}
		}
		return false
	}
	fail := func(rule, detail string) (Team, error) {
		return Team{}, &TeamError{Business: business, Rule: rule,
			Detail: detail + "; " + excluded.String()}
	}

	if !take(func(in *Inspector) bool { return in.Dept == rules.LeadDept }) {
		return fail(RuleLeader, fmt.Sprintf("no eligible inspector of lead department %s",
			rules.LeadDept))
	}
	for _, d := range rules.Participating {
		if d == rules.LeadDept || hasDept(picked, d) {
			continue
		}
		if !take(func(in *Inspector) bool { return in.Dept == d }) {
			return fail(RuleDepartment, fmt.Sprintf("no eligible inspector of department %s", d))
		}
	}
	for _, s := range rules.Specialties {
		if hasSpecialty(picked, s) {
			continue
		}
		if !take(func(in *Inspector) bool { return slices.Contains(in.Specialties, s) }) {
			return fail(RuleSpecialty, fmt.Sprintf("no eligible inspector with specialty %q", s))
		}
	}
	for len(picked) < rules.MinSize {
		if !take(func(*Inspector) bool { return true }) {
			return fail(RuleMinSize, fmt.Sprintf("only %d eligible inspectors for a team of %d",
				len(picked), rules.MinSize))
		}
	}
	return makeTeam(business, picked), nil
}

func hasDept(rs []ranked, dept string) bool {
	return slices.ContainsFunc(rs, func(r ranked) bool { return r.in.Dept == dept })
}

func hasSpecialty(rs []ranked, s string) bool {
	return slices.ContainsFunc(rs, func(r ranked) bool {
		return slices.Contains(r.in.Specialties, s)
	})
}

// makeTeam puts the leader (picked first) first, the others in ticket order.
func makeTeam(business string, picked []ranked) Team {
	rest := slices.Clone(picked[1:])
	slices.SortFunc(rest, func(a, b ranked) int {
		if c := strings.Compare(a.ticket, b.ticket); c != 0 {
			return c
		}
		return strings.Compare(a.in.ID, b.in.ID)
	})
	members := []string{picked[0].in.ID}
	for _, r := range rest {
		members = append(members, r.in.ID)
	}
	return Team{Business: business, Leader: picked[0].in.ID, Members: members}
}

// exclusions counts why inspectors were not eligible, for error messages.
type exclusions struct{ inactive, dept, cert, conflict, last, capped int }

// String summarises the exclusions for an error message.
func (e exclusions) String() string {
	return fmt.Sprintf("excluded: %d inactive, %d of other departments, %d without a valid "+
		"certificate, %d declared conflicts, %d last inspectors, %d at the cap",
		e.inactive, e.dept, e.cert, e.conflict, e.last, e.capped)
}

// eligible returns the inspectors who may inspect business, in pool order.
func eligible(business string, pool []Inspector, rules TeamRules,
	load map[string]int) ([]*Inspector, exclusions) {
	var ex exclusions
	var out []*Inspector
	for i := range pool {
		in := &pool[i]
		switch {
		case !in.Active:
			ex.inactive++
		case in.Dept != rules.LeadDept && !slices.Contains(rules.Participating, in.Dept):
			ex.dept++
		case !certValid(in, rules.Date):
			ex.cert++
		case slices.Contains(in.Conflicts, business):
			ex.conflict++
		case slices.Contains(rules.LastInspectors[business], in.ID):
			ex.last++
		case rules.MaxPerInspector > 0 && load[in.ID] >= rules.MaxPerInspector:
			ex.capped++
		default:
			out = append(out, in)
		}
	}
	return out, ex
}

// certValid reports whether the inspector holds a certificate valid on date
// (both YYYY-MM-DD; the expiry day itself is still valid).
func certValid(in *Inspector, date string) bool {
	if strings.TrimSpace(in.CertNo) == "" {
		return false
	}
	exp, err := time.Parse(dateLayout, in.CertExpiry)
	if err != nil {
		return false
	}
	d, err := time.Parse(dateLayout, date)
	if err != nil {
		return false
	}
	return !exp.Before(d)
}
