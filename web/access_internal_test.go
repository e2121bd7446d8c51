package web

import (
	"context"
	"net/http/httptest"
	"testing"

	"doublerandom"
)

// TestTaskVisible checks who sees a task before and after its freeze: an
// inspector sees no task that is not yet frozen, even of his department.
func TestTaskVisible(t *testing.T) {
	created := &doublerandom.Task{LeadDept: "SCJG", Participating: []string{"GA"},
		State: doublerandom.TaskCreated}
	frozen := &doublerandom.Task{LeadDept: "SCJG", State: doublerandom.TaskCommitted}
	for _, tc := range []struct {
		user          *doublerandom.User
		created, open bool
	}{
		{nil, false, true},
		{&doublerandom.User{Name: "i", Dept: "SCJG", Role: doublerandom.RoleInspector}, false, true},
		{&doublerandom.User{Name: "a", Dept: "SCJG", Role: doublerandom.RoleAdmin}, true, true},
		{&doublerandom.User{Name: "g", Dept: "GA", Role: doublerandom.RoleLeader}, true, true},
		{&doublerandom.User{Name: "w", Dept: "WJW", Role: doublerandom.RoleAdmin}, false, true},
		{&doublerandom.User{Name: "o", Role: doublerandom.RoleOffice}, true, true},
		{&doublerandom.User{Name: "u", Role: doublerandom.RoleAuditor}, true, true},
	} {
		r := httptest.NewRequest("GET", "/api/v1/tasks", nil)
		if tc.user != nil {
			r = r.WithContext(context.WithValue(r.Context(), userKey{}, tc.user))
		}
		if got := taskVisible(r, created); got != tc.created {
			t.Errorf("%+v sees a created task: %v, want %v", tc.user, got, tc.created)
		}
		if got := taskVisible(r, frozen); got != tc.open {
			t.Errorf("%+v sees a frozen task: %v, want %v", tc.user, got, tc.open)
		}
	}
}
