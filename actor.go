package doublerandom

import "context"

// Actor is whoever makes a change: a signed-in user, or a command-line
// operator or the system itself. Every change is attributed to one
// (SPEC R20).
type Actor struct {
	ID   string // account name, or "cli:<user>" / "system"
	Dept string // the actor's department code; "" for the office and the system
	Role string
}

// SystemActor acts for changes made by the system itself, such as the demo.
var SystemActor = Actor{ID: "system", Role: "system"}

type actorKey struct{}

// WithActor returns a context that attributes changes to a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor of ctx, or SystemActor when there is none.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return SystemActor
}
