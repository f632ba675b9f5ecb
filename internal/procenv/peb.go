package procenv

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf16"
)

// Memory reads another process's address space (ReadProcessMemory on
// Windows; a byte map in tests).
type Memory interface {
	Read(addr uint64, n int) ([]byte, error)
}

// Offsets in the 64-bit PEB and RTL_USER_PROCESS_PARAMETERS (the layout
// of golang.org/x/sys/windows's structs; peb_windows.go asserts them at
// compile time).
const (
	pebProcessParameters = 0x20
	rupCurrentDirectory  = 0x38 // CURDIR.DosPath, a UNICODE_STRING
	rupCommandLine       = 0x70 // a UNICODE_STRING
	rupEnvironment       = 0x80
	rupEnvironmentSize   = 0x3F0
	rupSize              = rupEnvironmentSize + 8
)

// PEBCommandLine reads a 64-bit process's command line (one string, in
// the process's own quoting) from its PEB.
func PEBCommandLine(mem Memory, peb uint64) (string, error) {
	rup, err := processParameters(mem, peb)
	if err != nil {
		return "", err
	}
	return readUnicodeString(mem, rup[rupCommandLine:])
}

// readUnicodeString reads the UNICODE_STRING whose 16 bytes start us.
func readUnicodeString(mem Memory, us []byte) (string, error) {
	n := int(binary.LittleEndian.Uint16(us))
	buf := binary.LittleEndian.Uint64(us[8:])
	if n == 0 || buf == 0 {
		return "", nil
	}
	b, err := mem.Read(buf, n)
	if err != nil {
		return "", err
	}
	return decodeUTF16(b), nil
}

// processParameters reads the RTL_USER_PROCESS_PARAMETERS the PEB points to.
func processParameters(mem Memory, peb uint64) ([]byte, error) {
	if peb == 0 {
		return nil, errors.New("the process has no PEB address")
	}
	b, err := mem.Read(peb+pebProcessParameters, 8)
	if err != nil {
		return nil, fmt.Errorf("reading the PEB: %w", err)
	}
	params := binary.LittleEndian.Uint64(b)
	if params == 0 {
		return nil, errors.New("the PEB has no process parameters (the process is starting or exiting)")
	}
	rup, err := mem.Read(params, rupSize)
	if err != nil {
		return nil, fmt.Errorf("reading the process parameters: %w", err)
	}
	return rup, nil
}

// PEBEnv walks a 64-bit process's memory from its PEB address to its
// environment block and current directory, as Windows lays them out.
func PEBEnv(mem Memory, peb uint64) (env []string, cwd string, err error) {
	rup, err := processParameters(mem, peb)
	if err != nil {
		return nil, "", err
	}
	envAddr := binary.LittleEndian.Uint64(rup[rupEnvironment:])
	envSize := binary.LittleEndian.Uint64(rup[rupEnvironmentSize:])
	if cwd, err = readUnicodeString(mem, rup[rupCurrentDirectory:]); err != nil {
		return nil, "", fmt.Errorf("reading the current directory: %w", err)
	}
	if envAddr == 0 {
		return nil, cwd, errors.New("the process parameters have no environment")
	}
	if envSize == 0 || envSize > MaxEnviron {
		envSize = MaxEnviron
	}
	e, err := mem.Read(envAddr, int(envSize))
	if err != nil {
		return nil, cwd, fmt.Errorf("reading the environment block: %w", err)
	}
	return ParseEnvBlock(e), cwd, nil
}

// ParseEnvBlock decodes a Windows environment block: UTF-16LE
// "KEY=value" strings, each NUL-terminated, ending with an empty string.
// Entries such as "=C:=C:\src" (per-drive directories) are kept, as
// Windows keeps them.
func ParseEnvBlock(b []byte) []string {
	var out []string
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		c := binary.LittleEndian.Uint16(b[i:])
		if c != 0 {
			u = append(u, c)
			continue
		}
		if len(u) == 0 {
			break
		}
		out = append(out, string(utf16.Decode(u)))
		u = u[:0]
	}
	return out
}

func decodeUTF16(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return string(utf16.Decode(u))
}
