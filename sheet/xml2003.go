package sheet

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Limits that keep a malformed or hostile file from exhausting memory.
const (
	maxColumns = 16384   // columns of an Excel 2007+ sheet
	maxRows    = 1 << 20 // rows of an Excel 2007+ sheet
)

// xmlReader streams the rows of one worksheet of an Excel 2003 XML
// spreadsheet (SpreadsheetML) with an encoding/xml token decoder.
type xmlReader struct {
	name  string
	d     *xml.Decoder
	row   int  // Excel row number of the last row returned
	next  int  // Excel row number a Row element without ss:Index gets
	done  bool // the end of the table was reached
	inRow bool // a Row element is being read
	cells []string
	// down maps a column covered by a cell merged downwards (ss:MergeDown)
	// to the last row it covers.
	down map[int]int
}

// openXML2003 positions a decoder at the rows of the wanted worksheet.
func openXML2003(br *bufio.Reader, name string, opt Options) (Reader, error) {
	x := &xmlReader{name: name, d: xml.NewDecoder(br), next: 1, down: map[int]int{}}
	x.d.CharsetReader = charsetReader

	var seen []string
	root := true
	for {
		tok, err := x.d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, x.syntaxError(err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if root && se.Name.Local != "Workbook" {
			return nil, invalidf(name, "not an Excel 2003 XML spreadsheet: "+
				"the document starts with <%s>, not <Workbook>", se.Name.Local)
		}
		root = false
		switch se.Name.Local {
		case "Workbook":
			continue
		case "Worksheet":
			sheet := attr(se, "Name")
			if opt.Sheet == "" || sheet == opt.Sheet {
				return x, x.findTable()
			}
			seen = append(seen, sheet)
		}
		if err := x.d.Skip(); err != nil {
			return nil, x.syntaxError(err)
		}
	}
	if opt.Sheet != "" {
		return nil, invalidf(name, "there is no worksheet named %q; the file has %s",
			opt.Sheet, strings.Join(seen, ", "))
	}
	return nil, invalidf(name, "the spreadsheet has no worksheet")
}

// findTable moves the decoder into the worksheet's Table element, or marks
// the reader done when the worksheet has none.
func (x *xmlReader) findTable() error {
	for {
		tok, err := x.d.Token()
		if err != nil {
			return x.syntaxError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "Table" {
				return nil
			}
			if err := x.d.Skip(); err != nil {
				return x.syntaxError(err)
			}
		case xml.EndElement:
			x.done = true
			return nil
		}
	}
}

// Next implements Reader.
func (x *xmlReader) Next() ([]string, error) {
	for !x.done {
		tok, err := x.d.Token()
		if err != nil {
			return nil, x.syntaxError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "Row" {
				return x.readRow(t)
			}
			if err := x.d.Skip(); err != nil {
				return nil, x.syntaxError(err)
			}
		case xml.EndElement:
			x.done = true
		}
	}
	return nil, io.EOF
}

// readRow reads the cells of the Row element that start opened.
func (x *xmlReader) readRow(start xml.StartElement) ([]string, error) {
	row := x.next
	if s := attr(start, "Index"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < x.next || n > maxRows {
			return nil, invalidf(x.name, "after row %d comes a row with ss:Index=%q; "+
				"it must be a row number above %d and at most %d", x.row, s, x.row, maxRows)
		}
		row = n
	}
	span, _ := strconv.Atoi(attr(start, "Span"))
	x.row = row
	x.next = row + 1 + min(max(span, 0), maxRows)
	x.cells = x.cells[:0]
	x.inRow = true
	defer func() { x.inRow = false }()

	col := 0 // index of the column the next cell without ss:Index takes
	for {
		tok, err := x.d.Token()
		if err != nil {
			return nil, x.syntaxError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != "Cell" {
				if err := x.d.Skip(); err != nil {
					return nil, x.syntaxError(err)
				}
				continue
			}
			if col, err = x.readCell(t, col); err != nil {
				return nil, err
			}
		case xml.EndElement:
			return x.cells, nil
		}
	}
}

// readCell reads the Cell element that start opened, placing it at column
// col unless it names its own ss:Index, and returns the column the next
// cell takes.
func (x *xmlReader) readCell(start xml.StartElement, col int) (int, error) {
	if s := attr(start, "Index"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= col || n > maxColumns {
			return 0, invalidf(x.name, "row %d: a cell has ss:Index=%q; it must be a "+
				"column number above %d and at most %d", x.row, s, col, maxColumns)
		}
		col = n - 1
	} else {
		for last, ok := x.down[col]; ok && last >= x.row; last, ok = x.down[col] {
			col++
		}
	}
	across, err1 := mergeAttr(start, "MergeAcross", maxColumns)
	down, err2 := mergeAttr(start, "MergeDown", maxRows)
	if err := errors.Join(err1, err2); err != nil || col+across >= maxColumns {
		return 0, invalidf(x.name, "row %d, column %d: the cell's merge range is not valid",
			x.row, col+1)
	}

	text, err := x.cellText()
	if err != nil {
		return 0, err
	}
	for len(x.cells) <= col+across {
		x.cells = append(x.cells, "")
	}
	x.cells[col] = text
	if down > 0 {
		for c := col; c <= col+across; c++ {
			x.down[c] = x.row + down
		}
	}
	return col + across + 1, nil
}

// cellText reads up to the end of the current Cell element and returns the
// text of its Data child as Excel shows it. Comments and other children are
// skipped.
func (x *xmlReader) cellText() (string, error) {
	text := ""
	for {
		tok, err := x.d.Token()
		if err != nil {
			return "", x.syntaxError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != "Data" {
				if err := x.d.Skip(); err != nil {
					return "", x.syntaxError(err)
				}
				continue
			}
			raw, err := x.elementText()
			if err != nil {
				return "", err
			}
			text = displayValue(attr(t, "Type"), raw)
		case xml.EndElement:
			return text, nil
		}
	}
}

// elementText returns all character data up to the end of the current
// element, including that inside formatting children such as <Font>.
func (x *xmlReader) elementText() (string, error) {
	var b strings.Builder
	depth := 1
	for depth > 0 {
		tok, err := x.d.Token()
		if err != nil {
			return "", x.syntaxError(err)
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return b.String(), nil
}

// displayValue turns the raw text of a Data element of type typ into the
// text Excel would show in a cell with the general format.
func displayValue(typ, raw string) string {
	switch typ {
	case "Number":
		if strings.ContainsAny(raw, "eE") {
			if f, err := strconv.ParseFloat(strings.TrimSpace(raw), 64); err == nil {
				return strconv.FormatFloat(f, 'f', -1, 64)
			}
		}
	case "DateTime":
		t, err := time.Parse("2006-01-02T15:04:05", strings.TrimSpace(raw))
		if err != nil {
			return raw
		}
		if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
			return t.Format("2006-01-02")
		}
		return t.Format("2006-01-02 15:04:05")
	case "Boolean":
		switch strings.TrimSpace(raw) {
		case "1":
			return "TRUE"
		case "0":
			return "FALSE"
		}
	}
	return raw
}

// mergeAttr returns the non-negative integer attribute name of start, 0
// when it is absent.
func mergeAttr(start xml.StartElement, name string, limit int) (int, error) {
	s := attr(start, name)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > limit {
		return 0, fmt.Errorf("bad %s %q", name, s)
	}
	return n, nil
}

// attr returns the value of the attribute with local name local, with or
// without the ss: prefix.
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// syntaxError reports an XML error with the row being read.
func (x *xmlReader) syntaxError(err error) error {
	row := x.row + 1
	if x.inRow {
		row = x.row
	}
	var se *xml.SyntaxError
	if err == io.EOF || errors.As(err, &se) && se.Msg == "unexpected EOF" {
		return invalidf(x.name, "the file ends in the middle of row %d; it may have been "+
			"cut off while saving or uploading", row)
	}
	if se != nil {
		return invalidf(x.name, "near row %d, the XML is broken (line %d: %s)",
			row, se.Line, se.Msg)
	}
	return invalidf(x.name, "near row %d: %v", row, err)
}

// charsetReader decodes the encodings Chinese office software declares in
// an XML prolog; GB18030 covers GB2312 and GBK.
func charsetReader(label string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8":
		return input, nil
	case "gb18030", "gbk", "gb2312", "cp936", "x-gbk", "euc-cn":
		return simplifiedchinese.GB18030.NewDecoder().Reader(input), nil
	}
	return nil, fmt.Errorf("the XML declares encoding %q, which cannot be read; "+
		"save it as UTF-8", label)
}

// Row implements Reader.
func (x *xmlReader) Row() int { return x.row }

// Format implements Reader.
func (x *xmlReader) Format() string { return FormatXML2003 }

// Close implements Reader.
func (x *xmlReader) Close() error { return nil }
