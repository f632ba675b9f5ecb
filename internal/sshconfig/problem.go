package sshconfig

import (
	"fmt"
	"io/fs"
	"strings"
)

// Kind is what is wrong in a Problem.
type Kind int

const (
	// Unreadable: the user or system-wide file exists but cannot be read
	// (Err); ssh silently skips it, so none of its settings apply.
	Unreadable Kind = iota + 1
	// IncludeUnreadable: an Included file exists but cannot be read (Err);
	// ssh stops.
	IncludeUnreadable
	// WorldWritable: anyone can write the file (Mode); ssh refuses it. ssh
	// also refuses a group-writable file unless the group is the owner's
	// private group, which godx cannot see: only world-writable is sure.
	WorldWritable
	// ByteOrderMark: the file starts with a byte-order mark (Encoding),
	// which ssh reads as part of the first keyword.
	ByteOrderMark
	// MissingArgument: a keyword (Keyword) without its argument; Text is
	// the line.
	MissingArgument
	// UnterminatedQuote: a quote left open; Text is the line.
	UnterminatedQuote
	// MatchWithoutCriteria: a Match line with nothing after it.
	MatchWithoutCriteria
	// MatchCriterionWithoutValue: a Match criterion that needs a value and
	// has none (Criterion).
	MatchCriterionWithoutValue
	// Unparsable: a line github.com/kevinburke/ssh_config rejects (Err).
	Unparsable
	// IncludeLoop: an Include matches a file that is already being read;
	// Chain runs from the first file read to that file.
	IncludeLoop
	// IncludeTooDeep: Includes nest more than MaxIncludeDepth levels;
	// Chain runs from the first file read to the file that is one too many.
	IncludeTooDeep
	// TooLarge: a file (the user's, the system-wide or an Included one) is
	// larger than godx reads (facts.MaxFileSize; Err): godx did not read
	// it, so nothing is known about its settings. It says nothing about
	// ssh, which has no such limit.
	TooLarge
	// NotRegular: the file (user, system-wide or Included) is a FIFO,
	// socket or device (Mode holds its type), which godx never reads. ssh
	// opens it all the same: on a FIFO it waits for a writer, so ssh
	// hangs; a socket cannot be opened (SSHError when ssh stops on that);
	// a device is read after the mode check (a world-writable one is
	// WorldWritable instead).
	NotRegular
)

// Problem is one reason ssh would refuse (or, for Unreadable, silently
// ignore) a configuration file, or (TooLarge) a file godx did not read.
type Problem struct {
	Kind Kind
	File string
	Line int // 0 when it is about the whole file

	Keyword   string      // MissingArgument: the keyword, lower case
	Text      string      // MissingArgument, UnterminatedQuote: the line, trimmed
	Criterion string      // MatchCriterionWithoutValue: the criterion, lower case
	Encoding  string      // ByteOrderMark: "UTF-8", "UTF-16 (little-endian)" or "UTF-16 (big-endian)"
	Mode      fs.FileMode // WorldWritable: the file's permissions; NotRegular: its type
	Err       error       // Unreadable, IncludeUnreadable, Unparsable, TooLarge, NotRegular
	Chain     []string    // IncludeLoop, IncludeTooDeep: the files from the first one read to the one the Include matched

	// SSHError is what ssh prints for this problem ("" when it prints
	// nothing or godx does not know).
	SSHError string
}

// Included is the file an IncludeLoop or IncludeTooDeep Include matched
// ("" for other kinds).
func (p Problem) Included() string {
	if len(p.Chain) == 0 {
		return ""
	}
	return p.Chain[len(p.Chain)-1]
}

// key identifies a problem, so that a file read twice (included from two
// places) reports its problems once.
func (p Problem) key() string {
	chain := strings.Join(p.Chain, "\x00")
	if p.Kind == IncludeTooDeep && len(p.Chain) > 0 {
		// Two routes to the same too-deep file are one problem.
		chain = p.Chain[0] + "\x00" + p.Included()
	}
	errText := ""
	if p.Err != nil {
		errText = p.Err.Error()
	}
	return fmt.Sprintf("%d\x00%s\x00%d\x00%s\x00%s\x00%s\x00%v\x00%s\x00%s", p.Kind, p.File, p.Line, p.Text, p.Criterion, p.Encoding, p.Mode, errText, chain)
}
