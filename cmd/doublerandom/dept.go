package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"doublerandom"
	"doublerandom/store"
)

func init() { register(&deptCommand{}) }

// deptCommand adds and lists the member departments of the joint meeting,
// which item lists and directories belong to.
type deptCommand struct{}

// Name implements command.
func (*deptCommand) Name() string { return "dept" }

// Synopsis implements command.
func (*deptCommand) Synopsis() string {
	return "dept add --db DB --code CODE --name NAME [--name-en NAME] | dept list --db DB"
}

const deptUsage = `usage: doublerandom dept add --db DB --code CODE --name NAME [--name-en NAME]
       doublerandom dept list --db DB

add adds a member department, or renames one; list prints code, Chinese name
and English name, one department a line, separated by tabs.

flags:
`

// Run implements command.
func (*deptCommand) Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dept", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, deptUsage)
		fs.PrintDefaults()
	}
	dbFlag := fs.String("db", "", "SQLite file or postgres:// URL (required)")
	code := fs.String("code", "", "short stable `CODE`, e.g. SCJG")
	name := fs.String("name", "", "official Chinese name")
	nameEn := fs.String("name-en", "", "English name")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (pos[0] != "add" && pos[0] != "list") {
		fs.Usage()
		return exitError{2}
	}
	st, err := openStore(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer st.Close()
	if pos[0] == "list" {
		ds, err := st.Departments(ctx)
		if err != nil {
			return err
		}
		for _, d := range ds {
			fmt.Fprintf(stdout, "%s\t%s\t%s\n", d.Code, d.Name, d.NameEn)
		}
		return nil
	}
	if *code == "" || *name == "" {
		fmt.Fprintln(stderr, "doublerandom dept add: --code and --name are required")
		return exitError{2}
	}
	ctx = doublerandom.WithActor(ctx, cliActor())
	err = st.InTx(ctx, func(tx *store.Tx) error {
		return tx.PutDepartment(ctx, doublerandom.Department{Code: *code, Name: *name,
			NameEn: *nameEn})
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "department %s %s stored\n", *code, *name)
	return nil
}
