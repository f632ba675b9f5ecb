// Package exehead reads which CPU architectures an executable is built
// for from its header: Mach-O (thin or universal), PE and ELF.
//
// debug/pe, debug/macho and debug/elf parse whole files: pe.NewFile reads
// every COFF symbol with its own ReadAt (about 20,000 for go.exe), which
// costs 0.2 s on Linux and 7 s under Wine. Only a few header fields are
// needed, so this package reads the first HeaderSize bytes with one
// ReadAt (a PE header placed further into the file takes one more) and
// decodes those fields itself.
package exehead

import (
	"debug/elf"
	"debug/macho"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// HeaderSize is what Archs reads in one go: every field it needs sits in
// the first bytes of a file (a universal Mach-O's table holds 20 bytes a
// slice; a PE's "PE\0\0" signature usually follows a 128-byte DOS stub).
const HeaderSize = 4096

// maxFatArches tells a universal Mach-O from a Java class file, which
// starts with the same 0xCAFEBABE: there the next word is the class file
// version, 45 or more (the rule file(1) uses).
const maxFatArches = 20

// ErrUnknownFormat means the file is not a Mach-O, PE or ELF executable
// (a shell script, a shim, a text file).
var ErrUnknownFormat = errors.New("not a Mach-O, PE or ELF executable")

// Archs returns the architectures (GOARCH spelling where Go has one) and
// the format: "Mach-O universal" (every slice), "Mach-O", "PE" or "ELF".
func Archs(r io.ReaderAt) (archs []string, format string, err error) {
	buf := make([]byte, HeaderSize)
	n, err := r.ReadAt(buf, 0)
	if n == 0 && err != nil && err != io.EOF {
		return nil, "", err
	}
	b := buf[:n]
	be, le := binary.BigEndian, binary.LittleEndian
	switch {
	case len(b) >= 8 && be.Uint32(b) == macho.MagicFat:
		count := be.Uint32(b[4:])
		if count == 0 || count >= maxFatArches || len(b) < 8+20*int(count) {
			return nil, "", ErrUnknownFormat
		}
		for i := range int(count) {
			archs = append(archs, machoArch(macho.Cpu(be.Uint32(b[8+20*i:]))))
		}
		return archs, "Mach-O universal", nil
	case len(b) >= 8 && (le.Uint32(b) == macho.Magic32 || le.Uint32(b) == macho.Magic64):
		return []string{machoArch(macho.Cpu(le.Uint32(b[4:])))}, "Mach-O", nil
	case len(b) >= 8 && (be.Uint32(b) == macho.Magic32 || be.Uint32(b) == macho.Magic64):
		return []string{machoArch(macho.Cpu(be.Uint32(b[4:])))}, "Mach-O", nil
	case len(b) >= 0x40 && b[0] == 'M' && b[1] == 'Z':
		off := int64(le.Uint32(b[0x3c:]))
		sig := make([]byte, 6) // "PE\0\0" and the machine
		if off+6 <= int64(len(b)) {
			copy(sig, b[off:])
		} else if _, err := r.ReadAt(sig, off); err != nil {
			return nil, "", ErrUnknownFormat
		}
		if string(sig[:4]) != "PE\x00\x00" {
			return nil, "", ErrUnknownFormat
		}
		return []string{PEMachine(le.Uint16(sig[4:]))}, "PE", nil
	case len(b) >= 20 && string(b[:4]) == elf.ELFMAG:
		var m uint16
		switch elf.Data(b[elf.EI_DATA]) {
		case elf.ELFDATA2LSB:
			m = le.Uint16(b[18:])
		case elf.ELFDATA2MSB:
			m = be.Uint16(b[18:])
		default:
			return nil, "", ErrUnknownFormat
		}
		return []string{elfArch(elf.Machine(m))}, "ELF", nil
	}
	return nil, "", ErrUnknownFormat
}

// PEMachine names a PE/COFF machine type (IMAGE_FILE_MACHINE_*, as in a
// PE header or from IsWow64Process2) in GOARCH spelling.
func PEMachine(m uint16) string {
	switch m {
	case 0x8664:
		return "amd64"
	case 0xaa64:
		return "arm64"
	case 0x14c:
		return "386"
	case 0x1c4:
		return "arm"
	}
	return fmt.Sprintf("machine 0x%x", m)
}

func machoArch(c macho.Cpu) string {
	switch c {
	case macho.CpuAmd64:
		return "amd64"
	case macho.CpuArm64:
		return "arm64"
	case macho.Cpu386:
		return "386"
	case macho.CpuArm:
		return "arm"
	}
	return c.String()
}

func elfArch(m elf.Machine) string {
	switch m {
	case elf.EM_X86_64:
		return "amd64"
	case elf.EM_AARCH64:
		return "arm64"
	case elf.EM_386:
		return "386"
	case elf.EM_ARM:
		return "arm"
	case elf.EM_RISCV:
		return "riscv64"
	}
	return m.String()
}
