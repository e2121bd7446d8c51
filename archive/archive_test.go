package archive_test

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"time"

	"doublerandom/archive"
)

var created = time.Date(2026, 12, 20, 8, 0, 0, 0, time.UTC)

func build(t *testing.T, files map[string]string, order ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := archive.NewWriter(&buf, "测试档案", created)
	for _, name := range order {
		if err := w.Add(name, []byte(files[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func verify(t *testing.T, b []byte) []archive.Problem {
	t.Helper()
	_, probs, err := archive.Verify(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	return probs
}

func TestWriter_verifies(t *testing.T) {
	files := map[string]string{"task.json": `{"id":1}`, "evidence/1/照片.jpg": "\xff\xd8 jpeg"}
	b := build(t, files, "task.json", "evidence/1/照片.jpg")
	m, probs, err := archive.Verify(bytes.NewReader(b), int64(len(b)))
	if err != nil || len(probs) != 0 {
		t.Fatalf("Verify = %v, %v; want no problems", probs, err)
	}
	if m.Title != "测试档案" || len(m.Files) != 2 || m.Files[1].Path != "evidence/1/照片.jpg" ||
		m.Files[1].Size != int64(len(files["evidence/1/照片.jpg"])) {
		t.Errorf("manifest = %+v", m)
	}
	// The same records make the same bytes.
	if again := build(t, files, "task.json", "evidence/1/照片.jpg"); !bytes.Equal(b, again) {
		t.Errorf("two builds of the same files differ")
	}
}

// rezip copies a package, letting change alter or drop each file (return
// false to drop it) and adding extra files.
func rezip(t *testing.T, b []byte, change func(name string, content []byte) ([]byte, bool),
	extra map[string]string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, _ := f.Open()
		var buf bytes.Buffer
		buf.ReadFrom(rc)
		rc.Close()
		content, keep := change(f.Name, buf.Bytes())
		if !keep {
			continue
		}
		w, _ := zw.Create(f.Name)
		w.Write(content)
	}
	for name, content := range extra {
		w, _ := zw.Create(name)
		w.Write([]byte(content))
	}
	zw.Close()
	return out.Bytes()
}

func TestVerify_tampering(t *testing.T) {
	files := map[string]string{"a.json": "[1,2,3]", "b/c.txt": "hello"}
	b := build(t, files, "a.json", "b/c.txt")
	for _, tc := range []struct {
		name   string
		change func(string, []byte) ([]byte, bool)
		extra  map[string]string
		want   string
	}{
		{"altered", func(n string, c []byte) ([]byte, bool) {
			if n == "a.json" {
				return []byte("[1,2,4]"), true
			}
			return c, true
		}, nil, "a.json: SHA-256"},
		{"longer", func(n string, c []byte) ([]byte, bool) {
			if n == "b/c.txt" {
				return []byte("hello!"), true
			}
			return c, true
		}, nil, "b/c.txt: size 6"},
		{"missing", func(n string, c []byte) ([]byte, bool) { return c, n != "b/c.txt" }, nil,
			"b/c.txt: listed in the manifest but missing"},
		{"extra", func(_ string, c []byte) ([]byte, bool) { return c, true },
			map[string]string{"smuggled.txt": "x"},
			"smuggled.txt: in the zip but not in the manifest"},
	} {
		probs := verify(t, rezip(t, b, tc.change, tc.extra))
		if len(probs) != 1 || !strings.HasPrefix(probs[0].String(), tc.want) {
			t.Errorf("%s: problems %v, want one starting %q", tc.name, probs, tc.want)
		}
	}
}

func TestVerify_notAPackage(t *testing.T) {
	if _, _, err := archive.Verify(bytes.NewReader([]byte("PK not a zip")), 12); err == nil {
		t.Errorf("Verify of garbage: no error")
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("readme.txt")
	w.Write([]byte("hi"))
	zw.Close()
	_, _, err := archive.Verify(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err == nil || !strings.Contains(err.Error(), "manifest.json") {
		t.Errorf("zip without manifest: err = %v, want one naming manifest.json", err)
	}
}

func TestWriter_refusesBadPaths(t *testing.T) {
	w := archive.NewWriter(&bytes.Buffer{}, "x", created)
	bad := []string{"", "/etc/passwd", "../up", "a/../b", `a\b`, "manifest.json", "dir/"}
	for _, p := range bad {
		if err := w.Add(p, []byte("x")); err == nil {
			t.Errorf("Add(%q): no error", p)
		}
	}
	if err := w.Add("ok.txt", nil); err != nil {
		t.Fatal(err)
	}
	if err := w.Add("ok.txt", nil); err == nil {
		t.Errorf("adding a path twice: no error")
	}
}

func FuzzVerify(f *testing.F) {
	var buf bytes.Buffer
	w := archive.NewWriter(&buf, "fuzz", created)
	w.Add("a.txt", []byte("a"))
	w.Close()
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, b []byte) {
		archive.Verify(bytes.NewReader(b), int64(len(b)))
	})
}

// TestVerify_folderEntries accepts a package unpacked and packed again by a
// zip tool, which adds an empty entry for each folder.
func TestVerify_folderEntries(t *testing.T) {
	b := build(t, map[string]string{"a.json": "[1]", "b/c.txt": "hello"}, "a.json", "b/c.txt")
	repacked := rezip(t, b, func(_ string, c []byte) ([]byte, bool) { return c, true },
		map[string]string{"b/": ""})
	if probs := verify(t, repacked); len(probs) != 0 {
		t.Errorf("folder entry: problems %v, want none", probs)
	}
}
