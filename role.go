package doublerandom

import (
	"slices"
	"time"
)

// The roles of staff accounts (SPEC R21). The public needs no account.
const (
	// RoleOffice is the joint meeting office (联席会议办公室): it compiles the
	// district plan and sees every department's progress.
	RoleOffice = "office"
	// RoleAdmin is a department's administrator: keeps its list and
	// directories, starts tasks, runs draws and publishes results.
	RoleAdmin = "admin"
	// RoleLeader is a department's leader in charge (分管负责人): approves
	// replacing a drawn inspector, and may do what the admin does.
	RoleLeader = "leader"
	// RoleInspector is a certified inspector (执法检查人员): sees and records
	// only his own assignments.
	RoleInspector = "inspector"
	// RoleAuditor reads everything and changes nothing.
	RoleAuditor = "auditor"
	// RolePublic is the role of a visitor who is not signed in.
	RolePublic = "public"
)

// Roles lists the staff roles in the order the interface shows them.
var Roles = []string{RoleOffice, RoleAdmin, RoleLeader, RoleInspector, RoleAuditor}

// ValidRole reports whether r is one of the staff roles.
func ValidRole(r string) bool { return slices.Contains(Roles, r) }

// PublicActor is the actor of a visitor who is not signed in. It may read
// published data only and changes nothing.
var PublicActor = Actor{ID: "public", Role: RolePublic}

// Staff reports whether a is a signed-in staff account.
func (a Actor) Staff() bool { return ValidRole(a.Role) }

// SeesDept reports whether a may read the unpublished data of department
// dept: the office and the auditor read every department's; the other staff
// roles only their own department's.
func (a Actor) SeesDept(dept string) bool {
	switch a.Role {
	case RoleOffice, RoleAuditor, "system":
		return true
	case RoleAdmin, RoleLeader, RoleInspector:
		return a.Dept != "" && a.Dept == dept
	}
	return false
}

// ChangesDept reports whether a may change the data of department dept: a
// department's admin and leader change their own department's data; the
// system (demo, command line) changes anything; the office, inspectors and
// the auditor change no department's data as such (the office acts on the
// district plan, inspectors on their own assignments).
func (a Actor) ChangesDept(dept string) bool {
	switch a.Role {
	case "system":
		return true
	case RoleAdmin, RoleLeader:
		return a.Dept != "" && a.Dept == dept
	}
	return false
}

// User is a staff account. The password is kept only as an argon2id hash.
type User struct {
	Name string // login name, also the actor id in the audit log
	Dept string // department code; the office and the auditor may have ""
	Role string
	// InspectorID links an inspector's account to his entry in the inspector
	// directory, so that he sees his own assignments; "" for other roles.
	InspectorID  string
	PasswordHash string
	Disabled     bool
	CreatedAt    time.Time
}

// Actor returns the actor of changes made by u.
func (u *User) Actor() Actor { return Actor{ID: u.Name, Dept: u.Dept, Role: u.Role} }
