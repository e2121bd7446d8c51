package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"doublerandom"
	"doublerandom/store"
	"doublerandom/workflow"
)

func init() { register(&itemsCommand{}) }

// itemsCommand lists, compares and publishes the versions of a
// department's item list (SPEC R1, R8 step 1). Versions are made by
// "doublerandom import items".
type itemsCommand struct{}

// Name implements command.
func (*itemsCommand) Name() string { return "items" }

// Synopsis implements command.
func (*itemsCommand) Synopsis() string {
	return "items versions|diff|publish --db DB --dept CODE: item list versions"
}

const itemsUsage = `usage: doublerandom items versions --db DB --dept CODE
       doublerandom items diff --db DB --dept CODE --from N --to M
       doublerandom items publish --db DB --dept CODE --version N

versions lists the versions of the department's item list, newest first:
version, effective date, items, SHA-256, source, published date (or -).
diff prints what changed from version N to version M, one item a line:
"+" added, "-" removed, "~" changed with the columns that changed.
publish publishes version N (step 1 of the ten steps, "list published"); a
version is published once and never after a newer one.

flags:
`

// Run implements command.
func (*itemsCommand) Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("items", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, itemsUsage)
		fs.PrintDefaults()
	}
	dbFlag := fs.String("db", "", "SQLite file or postgres:// URL (required)")
	dept := fs.String("dept", "", "department `CODE`")
	version := fs.Int("version", 0, "publish: the version `N`")
	from := fs.Int("from", 0, "diff: the older version")
	to := fs.Int("to", 0, "diff: the newer version")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *dept == "" {
		fs.Usage()
		return exitError{2}
	}
	st, err := openStore(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx = doublerandom.WithActor(ctx, cliActor())
	svc := workflow.New(st, slog.New(slog.NewTextHandler(stderr, nil)))
	switch pos[0] {
	case "versions":
		return listVersions(ctx, st, *dept, stdout)
	case "diff":
		return diffVersions(ctx, svc, *dept, *from, *to, stdout)
	case "publish":
		p, err := svc.PublishItemVersion(ctx, *dept, *version)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "published version %d of %s's item list: %d items, SHA-256 %s\n",
			*version, *dept, p.Items, p.SHA256)
		return nil
	}
	fs.Usage()
	return exitError{2}
}

func listVersions(ctx context.Context, st *store.Store, dept string, w io.Writer) error {
	lists, err := st.ItemLists(ctx, dept)
	if err != nil {
		return err
	}
	for _, l := range lists {
		pub := "-"
		if l.Published() {
			pub = l.PublishedAt.Format(doublerandom.DateLayout)
		}
		fmt.Fprintf(w, "%d\t%s\t%d\t%s\t%s\t%s\n", l.Version,
			l.Effective.Format(doublerandom.DateLayout), l.Items, l.SHA256, l.Source, pub)
	}
	return nil
}

func diffVersions(ctx context.Context, svc *workflow.Service, dept string, from, to int,
	w io.Writer) error {
	_, _, changes, err := svc.ItemListDiff(ctx, dept, from, to, false)
	if err != nil {
		return err
	}
	for _, c := range changes {
		switch c.Kind {
		case doublerandom.ItemAdded:
			fmt.Fprintf(w, "+ %s %s %s\n", c.After.Number, c.After.Name, c.After.SubItem)
		case doublerandom.ItemRemoved:
			fmt.Fprintf(w, "- %s %s %s\n", c.Before.Number, c.Before.Name, c.Before.SubItem)
		default:
			fmt.Fprintf(w, "~ %s %s %s: %s\n", c.After.Number, c.After.Name, c.After.SubItem,
				strings.Join(c.Fields, ", "))
		}
	}
	return nil
}
