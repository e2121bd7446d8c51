// Package sheet reads and writes the tabular files that government offices
// exchange: XLSX workbooks, Excel 2003 XML spreadsheets (SpreadsheetML, often
// saved with an .xls or .xlsx name) and CSV in UTF-8 (with or without a byte
// order mark) or GB18030, the encoding Chinese office software writes.
//
// Open detects the format from the content, never from the file name, and
// returns a Reader that yields one row at a time, so a file of millions of
// rows is read in constant memory (XLSX is the exception: its zip archive
// is held in memory or in temporary files while it is read). Every cell
// comes back as the text a user sees in Excel.
package sheet

import (
	"bufio"
	"bytes"
	"io"
	"unicode/utf8"

	"doublerandom"
)

// Reader yields the rows of one sheet as text, top to bottom.
type Reader interface {
	// Next returns the cells of the next row, or io.EOF after the last row.
	// The slice may be reused by the following call; the strings may be
	// kept. Rows that a format leaves out entirely may be skipped; Row
	// tells the real number.
	Next() ([]string, error)
	// Row returns the row number Excel shows (1-based) for the row that
	// Next returned last.
	Row() int
	// Format names the detected format: FormatXLSX, FormatXML2003,
	// FormatCSVUTF8 or FormatCSVGB18030.
	Format() string
	// Close releases the reader's resources. It does not close the
	// io.Reader given to Open.
	Close() error
}

// Names of the formats Open detects.
const (
	FormatXLSX       = "xlsx"        // Office Open XML workbook (zip)
	FormatXML2003    = "xml2003"     // Excel 2003 XML spreadsheet (SpreadsheetML)
	FormatCSVUTF8    = "csv-utf8"    // CSV in UTF-8, with or without BOM
	FormatCSVGB18030 = "csv-gb18030" // CSV in GB18030 (or GBK, its subset)
)

// Options tune Open.
type Options struct {
	// Sheet names the worksheet to read in an XLSX or Excel 2003 XML file;
	// empty means the first one.
	Sheet string
}

// sniffSize is how much of the input Open looks at to detect the format.
const sniffSize = 64 << 10

// spreadsheetNS is the namespace that marks an Excel 2003 XML spreadsheet.
const spreadsheetNS = "urn:schemas-microsoft-com:office:spreadsheet"

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
	utf8BOM  = []byte("\xEF\xBB\xBF")
)

// Open reads the first sheet of r, detecting its format from the content.
// name is used only in messages, to tell the user which file is meant.
func Open(r io.Reader, name string) (Reader, error) {
	return OpenWith(r, name, Options{})
}

// OpenWith is Open with options. Errors are *doublerandom.Error values
// (EINVALID) whose messages name the file and say what is wrong with it.
func OpenWith(r io.Reader, name string, opt Options) (Reader, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, invalidf(name, "cannot read the file: %v", err)
	}

	switch {
	case len(bytes.TrimSpace(head)) == 0:
		return nil, invalidf(name, "the file is empty")
	case bytes.HasPrefix(head, zipMagic):
		return openXLSX(br, name, opt)
	case bytes.HasPrefix(head, oleMagic):
		return nil, invalidf(name, "this is a binary Excel 97-2003 workbook (.xls), "+
			"which cannot be read; save it as .xlsx or CSV and upload it again")
	case looksLikeMarkup(head):
		if !bytes.Contains(head, []byte(spreadsheetNS)) {
			return nil, invalidf(name, "the file is XML or HTML but not an Excel 2003 XML "+
				"spreadsheet; save it as .xlsx or CSV and upload it again")
		}
		return openXML2003(br, name, opt)
	}
	return openCSV(br, head, name)
}

// looksLikeMarkup reports whether head starts, after an optional BOM and
// white space, with '<'.
func looksLikeMarkup(head []byte) bool {
	head = bytes.TrimSpace(bytes.TrimPrefix(head, utf8BOM))
	return len(head) > 0 && head[0] == '<'
}

// validUTF8Prefix reports whether b is valid UTF-8, allowing b to end in
// the middle of a character because it was cut at the sniff limit.
func validUTF8Prefix(b []byte, cut bool) bool {
	if cut {
		for i := 0; i < utf8.UTFMax && len(b) > 0; i++ {
			if utf8.Valid(b) {
				return true
			}
			b = b[:len(b)-1]
		}
	}
	return utf8.Valid(b)
}

// invalidf returns an EINVALID error whose message starts with the file
// name.
func invalidf(name, format string, args ...any) error {
	e := doublerandom.Errorf(doublerandom.EINVALID, format, args...)
	if name != "" {
		e.Message = name + ": " + e.Message
	}
	return e
}
