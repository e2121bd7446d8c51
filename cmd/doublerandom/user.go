package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"slices"
	"strings"
	"time"

	"golang.org/x/term"

	"doublerandom"
	"doublerandom/auth"
	"doublerandom/store"
)

// userCommand manages staff accounts (SPEC R21): the first account of a new
// installation is made with it. There is never a default password: it is
// read from a prompt on a terminal, or from the first line of standard input.
type userCommand struct{}

func init() { register(&userCommand{}) }

// Name implements command.
func (*userCommand) Name() string { return "user" }

// Synopsis implements command.
func (*userCommand) Synopsis() string {
	return "staff accounts: add, passwd, disable, enable, token, list"
}

const userUsage = `usage: doublerandom user add --db DB --name NAME --role ROLE
           [--dept CODE] [--inspector ID]
       doublerandom user passwd --db DB --name NAME
       doublerandom user disable|enable --db DB --name NAME
       doublerandom user token --db DB --name NAME [--label TEXT] [--days N]
       doublerandom user list --db DB

Roles: office, admin, leader, inspector, auditor. admin, leader and inspector
need --dept; an inspector's account names his inspector directory entry with
--inspector. The password is asked twice on a terminal, or read from the first
line of standard input (at least 10 characters). token prints a new API token
for scripts (Authorization: Bearer TOKEN); only its SHA-256 is stored.
`

// userStdin is where passwords are read from; tests replace it.
var userStdin io.Reader = os.Stdin

// Run implements command.
func (c *userCommand) Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprint(stderr, userUsage)
		return exitError{2}
	}
	action := args[0]
	fs := flag.NewFlagSet("user "+action, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, userUsage) }
	dbFlag := fs.String("db", "", "SQLite file or postgres:// URL (required)")
	name := fs.String("name", "", "account name")
	role := fs.String("role", "", "office, admin, leader, inspector or auditor")
	dept := fs.String("dept", "", "department code")
	inspector := fs.String("inspector", "", "inspector directory id of an inspector's account")
	label := fs.String("label", "script", "what the API token is for")
	days := fs.Int("days", 90, "days the API token stays valid")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if action != "list" && *name == "" {
		return doublerandom.Errorf(doublerandom.EINVALID, "--name is required")
	}
	st, err := openStore(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx = doublerandom.WithActor(ctx, cliActor())

	switch action {
	case "add":
		return addUser(ctx, st, doublerandom.User{Name: *name, Dept: *dept, Role: *role,
			InspectorID: *inspector}, stdout, stderr)
	case "passwd":
		return setPassword(ctx, st, *name, stderr)
	case "disable", "enable":
		return st.InTx(ctx, func(tx *store.Tx) error {
			return tx.SetUserDisabled(ctx, *name, action == "disable")
		})
	case "token":
		return newToken(ctx, st, *name, *label, *days, stdout)
	case "list":
		return listUsers(ctx, st, stdout)
	}
	fmt.Fprint(stderr, userUsage)
	return exitError{2}
}

// cliActor attributes command-line changes to the operating-system user.
func cliActor() doublerandom.Actor {
	name := "unknown"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	return doublerandom.Actor{ID: "cli:" + name, Role: "system"}
}

func addUser(ctx context.Context, st *store.Store, u doublerandom.User,
	stdout, stderr io.Writer) error {
	if !doublerandom.ValidRole(u.Role) {
		return doublerandom.Errorf(doublerandom.EINVALID, "--role %q: use one of %s", u.Role,
			strings.Join(doublerandom.Roles, ", "))
	}
	if err := checkUserDept(ctx, st, &u, stderr); err != nil {
		return err
	}
	pw, err := readNewPassword(stderr)
	if err != nil {
		return err
	}
	if u.PasswordHash, err = auth.HashPassword(pw, auth.DefaultParams); err != nil {
		return err
	}
	u.CreatedAt = time.Now().UTC()
	if err := st.InTx(ctx, func(tx *store.Tx) error { return tx.AddUser(ctx, u) }); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "account %s added: role %s, department %q\n", u.Name, u.Role, u.Dept)
	return nil
}

// checkUserDept requires a department for the department roles, and an
// existing one once departments are loaded; an inspector account must name
// an inspector of that department when --inspector is given.
func checkUserDept(ctx context.Context, st *store.Store, u *doublerandom.User,
	stderr io.Writer) error {
	deptRole := u.Role == doublerandom.RoleAdmin || u.Role == doublerandom.RoleLeader ||
		u.Role == doublerandom.RoleInspector
	if deptRole && u.Dept == "" {
		return doublerandom.Errorf(doublerandom.EINVALID, "--dept is required for the role %s",
			u.Role)
	}
	if u.InspectorID != "" && u.Role != doublerandom.RoleInspector {
		return doublerandom.Errorf(doublerandom.EINVALID, "--inspector is for inspector accounts")
	}
	if u.Dept == "" {
		return nil
	}
	depts, err := st.Departments(ctx)
	if err != nil {
		return err
	}
	var codes []string
	for _, d := range depts {
		codes = append(codes, d.Code)
	}
	switch {
	case len(codes) == 0:
		fmt.Fprintf(stderr, "warning: no departments are loaded yet; %s is not checked\n", u.Dept)
	case !slices.Contains(codes, u.Dept):
		return doublerandom.Errorf(doublerandom.EINVALID,
			"--dept %q is not a department: use one of %s", u.Dept, strings.Join(codes, ", "))
	}
	if u.InspectorID == "" {
		return nil
	}
	ins, err := st.Inspectors(ctx, u.Dept)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(ins, func(in doublerandom.Inspector) bool {
		return in.ID == u.InspectorID
	}) {
		return doublerandom.Errorf(doublerandom.EINVALID,
			"--inspector %q is not in the inspector directory of %s", u.InspectorID, u.Dept)
	}
	return nil
}

func setPassword(ctx context.Context, st *store.Store, name string, stderr io.Writer) error {
	if _, err := st.User(ctx, name); err != nil {
		return err
	}
	pw, err := readNewPassword(stderr)
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(pw, auth.DefaultParams)
	if err != nil {
		return err
	}
	return st.InTx(ctx, func(tx *store.Tx) error { return tx.SetPassword(ctx, name, hash) })
}

// readNewPassword asks for a password twice on a terminal, or reads the
// first line of standard input, and checks its strength.
func readNewPassword(stderr io.Writer) (string, error) {
	var pw string
	if f, ok := userStdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(stderr, "new password: ")
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		fmt.Fprint(stderr, "again: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		if !bytes.Equal(a, b) {
			return "", doublerandom.Errorf(doublerandom.EINVALID, "the two passwords differ")
		}
		pw = string(a)
	} else {
		line, err := bufio.NewReader(userStdin).ReadString('\n')
		if err != nil && line == "" {
			return "", doublerandom.Errorf(doublerandom.EINVALID,
				"no password: type it at the prompt or pass it on standard input")
		}
		pw = strings.TrimRight(line, "\r\n")
	}
	return pw, auth.CheckStrength(pw)
}

func newToken(ctx context.Context, st *store.Store, name, label string, days int,
	stdout io.Writer) error {
	if days < 1 || days > 366 {
		return doublerandom.Errorf(doublerandom.EINVALID, "--days %d: use 1 to 366", days)
	}
	u, err := st.User(ctx, name)
	if err != nil {
		return err
	}
	tok, err := auth.NewToken()
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	err = st.InTx(ctx, func(tx *store.Tx) error {
		return tx.AddAPIToken(ctx, auth.TokenHash(tok), u.Name, label, now,
			now.AddDate(0, 0, days))
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, tok)
	return nil
}

func listUsers(ctx context.Context, st *store.Store, stdout io.Writer) error {
	us, err := st.Users(ctx)
	if err != nil {
		return err
	}
	for _, u := range us {
		state := "enabled"
		if u.Disabled {
			state = "disabled"
		}
		fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\t%s\n", u.Name, u.Role, u.Dept, u.InspectorID, state)
	}
	return nil
}
