package exehead_test

import (
	"bytes"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/godx-dev/godx/internal/exehead"
)

// counting counts ReadAt calls: Archs promises one (two for a PE header
// beyond HeaderSize).
type counting struct {
	r     io.ReaderAt
	reads atomic.Int64
}

func (c *counting) ReadAt(p []byte, off int64) (int, error) {
	c.reads.Add(1)
	return c.r.ReadAt(p, off)
}

func machO(order binary.ByteOrder, magic uint32, cpu macho.Cpu) []byte {
	b := make([]byte, 32)
	order.PutUint32(b[0:], magic)
	order.PutUint32(b[4:], uint32(cpu))
	order.PutUint32(b[12:], uint32(macho.TypeExec))
	return b
}

func fat(cpus ...macho.Cpu) []byte {
	be := binary.BigEndian
	head := make([]byte, 8+20*len(cpus))
	be.PutUint32(head, macho.MagicFat)
	be.PutUint32(head[4:], uint32(len(cpus)))
	var body []byte
	for i, c := range cpus {
		slice := machO(binary.LittleEndian, macho.Magic64, c)
		e := head[8+20*i:]
		be.PutUint32(e, uint32(c))
		be.PutUint32(e[8:], uint32(len(head)+len(body)))
		be.PutUint32(e[12:], uint32(len(slice)))
		body = append(body, slice...)
	}
	return append(head, body...)
}

// peFile is a minimal PE file for machine m whose header starts at off.
func peFile(m uint16, off int) []byte {
	b := make([]byte, off+4+20)
	b[0], b[1] = 'M', 'Z'
	binary.LittleEndian.PutUint32(b[0x3c:], uint32(off))
	copy(b[off:], "PE\x00\x00")
	binary.LittleEndian.PutUint16(b[off+4:], m)
	return b
}

func elfFile(order binary.ByteOrder, data elf.Data, m elf.Machine) []byte {
	b := make([]byte, 64)
	copy(b, elf.ELFMAG)
	b[elf.EI_CLASS], b[elf.EI_DATA], b[elf.EI_VERSION] = byte(elf.ELFCLASS64), byte(data), 1
	order.PutUint16(b[16:], uint16(elf.ET_EXEC))
	order.PutUint16(b[18:], uint16(m))
	order.PutUint32(b[20:], 1)
	order.PutUint16(b[52:], 64) // e_ehsize
	return b
}

func TestArchs(t *testing.T) {
	le, be := binary.LittleEndian, binary.BigEndian
	for _, tc := range []struct {
		name   string
		data   []byte
		archs  []string
		format string
		reads  int64
	}{
		{"thin arm64", machO(le, macho.Magic64, macho.CpuArm64), []string{"arm64"}, "Mach-O", 1},
		{"thin amd64", machO(le, macho.Magic64, macho.CpuAmd64), []string{"amd64"}, "Mach-O", 1},
		{"thin big-endian ppc", machO(be, macho.Magic32, macho.CpuPpc), []string{"CpuPpc"}, "Mach-O", 1},
		{"universal", fat(macho.CpuAmd64, macho.CpuArm64), []string{"amd64", "arm64"}, "Mach-O universal", 1},
		{"PE amd64", peFile(0x8664, 0x80), []string{"amd64"}, "PE", 1},
		{"PE arm64", peFile(0xaa64, 0x80), []string{"arm64"}, "PE", 1},
		{"PE header past the first read", peFile(0x14c, exehead.HeaderSize+100), []string{"386"}, "PE", 2},
		{"PE unknown machine", peFile(0x5064, 0x80), []string{"machine 0x5064"}, "PE", 1},
		{"ELF amd64", elfFile(le, elf.ELFDATA2LSB, elf.EM_X86_64), []string{"amd64"}, "ELF", 1},
		{"ELF big-endian s390x", elfFile(be, elf.ELFDATA2MSB, elf.EM_S390), []string{"EM_S390"}, "ELF", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &counting{r: bytes.NewReader(tc.data)}
			archs, format, err := exehead.Archs(r)
			if err != nil || !slices.Equal(archs, tc.archs) || format != tc.format {
				t.Errorf("Archs = %q, %q, %v; want %q, %q", archs, format, err, tc.archs, tc.format)
			}
			if n := r.reads.Load(); n != tc.reads {
				t.Errorf("%d reads, want %d", n, tc.reads)
			}
			// The standard library agrees on the same bytes.
			if got := stdlibArchs(tc.data); !slices.Equal(got, archs) {
				t.Errorf("debug/* says %q", got)
			}
		})
	}
}

func TestArchsNotExecutables(t *testing.T) {
	java := []byte{0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 52} // class file version 52: not a universal binary
	peNoSig := peFile(0x8664, 0x80)
	copy(peNoSig[0x80:], "NE\x00\x00")
	for name, data := range map[string][]byte{
		"empty":          nil,
		"script":         []byte("#!/bin/sh\nexec go \"$@\"\n"),
		"Java class":     append(java, make([]byte, 64)...),
		"MZ without PE":  peNoSig,
		"PE offset past": peFile(0x8664, 0x80)[:0x80],
		"short ELF":      []byte(elf.ELFMAG),
	} {
		if archs, format, err := exehead.Archs(bytes.NewReader(data)); !errors.Is(err, exehead.ErrUnknownFormat) {
			t.Errorf("%s: %q, %q, %v; want ErrUnknownFormat", name, archs, format, err)
		}
	}
}

// The test binary itself, and any executable named by GODX_BENCH_EXE
// (a go.exe, a universal Mach-O), read the same as debug/* reads them.
func TestArchsRealBinaries(t *testing.T) {
	files := []string{}
	if exe, err := os.Executable(); err == nil {
		files = append(files, exe)
	}
	if p := os.Getenv("GODX_BENCH_EXE"); p != "" {
		files = append(files, p)
	}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		r := &counting{r: bytes.NewReader(data)}
		archs, _, err := exehead.Archs(r)
		if err != nil || !slices.Equal(archs, stdlibArchs(data)) || r.reads.Load() != 1 {
			t.Errorf("%s: %q %v after %d reads; debug/* says %q", p, archs, err, r.reads.Load(), stdlibArchs(data))
		}
		if p == files[0] && (len(archs) != 1 || archs[0] != runtime.GOARCH) {
			t.Errorf("test binary: %q, want [%s]", archs, runtime.GOARCH)
		}
	}
}

// stdlibArchs is what debug/macho, debug/pe and debug/elf (godx's way
// before exehead) make of data, in exehead's spelling.
func stdlibArchs(data []byte) []string {
	r := bytes.NewReader(data)
	if f, err := macho.NewFatFile(r); err == nil {
		var out []string
		for _, a := range f.Arches {
			out = append(out, archOf(fat(a.Cpu)))
		}
		return out
	}
	if f, err := macho.NewFile(r); err == nil {
		return []string{archOf(machO(binary.LittleEndian, macho.Magic64, f.Cpu))}
	}
	if f, err := pe.NewFile(r); err == nil {
		return []string{archOf(peFile(f.Machine, 0x80))}
	}
	if f, err := elf.NewFile(r); err == nil {
		return []string{archOf(elfFile(binary.LittleEndian, elf.ELFDATA2LSB, f.Machine))}
	}
	return nil
}

// archOf reads a synthetic header of one architecture with exehead, to
// share its spelling of names.
func archOf(b []byte) string {
	a, _, _ := exehead.Archs(bytes.NewReader(b))
	if len(a) == 0 {
		return "?"
	}
	return a[0]
}

// BenchmarkArchs reads the architecture of the executable named by
// GODX_BENCH_EXE (default: the test binary) from its file, as godx does,
// and with debug/pe (godx's way before): the reads/op metric is the
// number of ReadAt calls, each a system call (and under Wine a slow one).
func BenchmarkArchs(b *testing.B) {
	p := os.Getenv("GODX_BENCH_EXE")
	if p == "" {
		p, _ = os.Executable()
	}
	file, err := os.Open(p)
	if err != nil {
		b.Fatal(err)
	}
	defer file.Close()
	r := &counting{r: file}
	run := func(b *testing.B, read func() error) {
		r.reads.Store(0)
		for b.Loop() {
			if err := read(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(r.reads.Load())/float64(b.N), "reads/op")
	}
	b.Run("exehead", func(b *testing.B) {
		run(b, func() error { _, _, err := exehead.Archs(r); return err })
	})
	b.Run("debug", func(b *testing.B) {
		run(b, func() error {
			if _, err := pe.NewFile(r); err == nil {
				return nil
			}
			_, err := elf.NewFile(r)
			return err
		})
	})
}
