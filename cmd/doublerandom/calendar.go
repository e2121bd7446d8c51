package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"doublerandom"
	"doublerandom/calendar"
)

func init() { register(&calendarCommand{}) }

// calendarCommand answers working-day questions on the official Chinese
// calendar (SPEC R16). Scripts depend on its output and exit statuses:
// add-workdays prints one YYYY-MM-DD date; is-workday prints true or false
// and exits 0 or 1; any error exits 2.
type calendarCommand struct{}

// Name implements command.
func (*calendarCommand) Name() string { return "calendar" }

// Synopsis implements command.
func (*calendarCommand) Synopsis() string {
	return "working days: add-workdays DATE N, is-workday DATE, years"
}

const calendarUsage = `usage: doublerandom calendar [--calendar FILE.json] add-workdays DATE N
       doublerandom calendar [--calendar FILE.json] is-workday DATE
       doublerandom calendar [--calendar FILE.json] years

add-workdays prints the date (YYYY-MM-DD) N working days after DATE: the Nth
working day strictly after it, or for negative N the |N|th before it.
is-workday prints true and exits 0 for a working day, or prints false and
exits 1. years lists the years with an official holiday arrangement.
Errors exit 2. Working days follow the official calendar with its make-up
working days; a year without an arrangement counts weekends only, with a
warning on stderr.

flags:
`

// maxCLIWorkdays bounds N, keeping results inside years 1 to 9999.
const maxCLIWorkdays = 1_000_000

// Run implements command.
func (*calendarCommand) Run(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("calendar", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("calendar", "",
		"load year arrangements from `FILE.json` (holidays-cn.json shape) over the built-in ones")
	fs.Usage = func() {
		fmt.Fprint(stderr, calendarUsage)
		fs.PrintDefaults()
	}

	// The flag may come before or after the action word.
	if err := fs.Parse(args); err != nil {
		return flagError(err)
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return exitError{2}
	}
	action := fs.Arg(0)
	if err := fs.Parse(fs.Args()[1:]); err != nil {
		return flagError(err)
	}

	cal, err := loadCalendar(*file)
	if err != nil {
		return calendarFail(stderr, "%s", err)
	}
	switch action {
	case "add-workdays":
		return addWorkdays(cal, fs.Args(), stdout, stderr)
	case "is-workday":
		return isWorkday(cal, fs.Args(), stdout, stderr)
	case "years":
		return listYears(cal, fs.Args(), stdout, stderr)
	}
	return calendarFail(stderr,
		"unknown action %q: want add-workdays, is-workday or years", action)
}

func addWorkdays(cal *calendar.Calendar, args []string, stdout, stderr io.Writer) error {
	if len(args) != 2 {
		return calendarFail(stderr, "add-workdays takes DATE N, e.g. add-workdays 2026-09-30 20")
	}
	d, err := calendar.ParseDate(args[0])
	if err != nil {
		return calendarFail(stderr, "%s", doublerandom.ErrorMessage(err))
	}
	n, err := strconv.Atoi(args[1])
	if err != nil || n < -maxCLIWorkdays || n > maxCLIWorkdays {
		return calendarFail(stderr, "N must be a whole number of working days from %d to %d, "+
			"got %q", -maxCLIWorkdays, maxCLIWorkdays, args[1])
	}

	got := calendar.DateOf(cal.AddWorkdays(d.Time(time.UTC), n))
	if got.Year < 1 || got.Year > 9999 {
		return calendarFail(stderr, "%d working days from %s is outside years 1 to 9999", n, d)
	}
	warnUnknown(cal, stderr, d.Year, got.Year)
	fmt.Fprintln(stdout, got)
	return nil
}

func isWorkday(cal *calendar.Calendar, args []string, stdout, stderr io.Writer) error {
	if len(args) != 1 {
		return calendarFail(stderr, "is-workday takes one DATE, e.g. is-workday 2026-10-10")
	}
	d, err := calendar.ParseDate(args[0])
	if err != nil {
		return calendarFail(stderr, "%s", doublerandom.ErrorMessage(err))
	}

	warnUnknown(cal, stderr, d.Year, d.Year)
	if !cal.IsWorkday(d.Time(time.UTC)) {
		fmt.Fprintln(stdout, "false")
		return exitError{1}
	}
	fmt.Fprintln(stdout, "true")
	return nil
}

func listYears(cal *calendar.Calendar, args []string, stdout, stderr io.Writer) error {
	if len(args) != 0 {
		return calendarFail(stderr, "years takes no arguments")
	}
	for _, y := range cal.Years() {
		fmt.Fprintf(stdout, "%d\t%d holidays\t%d make-up working days\t%s\n",
			y.Year, len(y.Holidays), len(y.Workdays), y.Source)
	}
	return nil
}

// loadCalendar returns the built-in calendar with the arrangements in file,
// if any, set over it.
func loadCalendar(file string) (*calendar.Calendar, error) {
	cal := calendar.New()
	if file == "" {
		return cal, nil
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()

	years, err := calendar.ParseYears(f)
	if err == nil {
		for _, y := range years {
			if err = cal.SetYear(y); err != nil {
				break
			}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %s", file, doublerandom.ErrorMessage(err))
	}
	return cal, nil
}

// warnUnknown warns on stderr when some year from a to b has no official
// arrangement, so only weekends were counted there.
func warnUnknown(cal *calendar.Calendar, stderr io.Writer, a, b int) {
	var runs []string
	for y := min(a, b); y <= max(a, b); y++ {
		if cal.Known(y) {
			continue
		}
		last := y
		for last+1 <= max(a, b) && !cal.Known(last+1) {
			last++
		}
		if last == y {
			runs = append(runs, strconv.Itoa(y))
		} else {
			runs = append(runs, fmt.Sprintf("%d-%d", y, last))
		}
		y = last
	}
	if len(runs) > 0 {
		fmt.Fprintf(stderr, "doublerandom calendar: warning: no official holiday arrangement "+
			"for %s; counted Saturdays and Sundays only there\n", strings.Join(runs, ", "))
	}
}

// calendarFail prints a message and returns exit status 2.
func calendarFail(stderr io.Writer, format string, args ...any) error {
	fmt.Fprintf(stderr, "doublerandom calendar: "+format+"\n", args...)
	return exitError{2}
}

// flagError passes -h on as flag.ErrHelp and turns other flag errors, which
// the flag package has already printed, into exit status 2.
func flagError(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	return exitError{2}
}
