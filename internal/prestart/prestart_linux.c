//go:build cgo

// Starting go env before the Go runtime starts (see prestart_cgo_linux.go).
//
// Each function here mirrors one in the package's Go code, which stays the
// reference: tests hold every one of them to its Go twin. Whenever this
// code declines (an unusual command line, environment, PATH or directory,
// a path longer than PATH_MAX, any failing call), the Go code decides
// again at package initialisation; whatever it starts, facts.System.Run
// takes it only if it is exactly the command the doctor asks for.

#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "prestart_linux.h"

struct godx_prestart godx_prestart_early;

// doctorFlags in prestart.go.
static const struct {
	const char *name;
	int valued;
} doctor_flags[] = {
	{"--deep", 0}, {"--json", 0}, {"--offline", 0}, {"--strict", 0},
	{"-v", 0}, {"--verbose", 0},
	{"--format", 1}, {"-o", 1}, {"--output", 1}, {"--timeout", 1}, {"--skip", 1},
};

enum { ndoctor_flags = sizeof doctor_flags / sizeof doctor_flags[0] };

// godx_prestart_flag reads entry i of the table (for the test that holds
// it to doctorFlags); it returns 0 past the end.
int godx_prestart_flag(int i, const char **name, int *valued) {
	if (i < 0 || i >= ndoctor_flags) {
		return 0;
	}
	*name = doctor_flags[i].name;
	*valued = doctor_flags[i].valued;
	return 1;
}

// IsPlainDoctorRun; argv does not hold the program name.
int godx_prestart_plain_doctor_run(int argc, char **argv) {
	int i = 0;
	if (argc > 0 && strcmp(argv[0], "doctor") == 0) {
		i = 1;
	}
	for (; i < argc; i++) {
		const char *arg = argv[i];
		const char *eq = strchr(arg, '=');
		size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
		int found = -1;
		for (int f = 0; f < ndoctor_flags; f++) {
			if (strlen(doctor_flags[f].name) == n && strncmp(doctor_flags[f].name, arg, n) == 0) {
				found = f;
				break;
			}
		}
		if (found < 0 || (eq && !doctor_flags[found].valued)) {
			return 0;
		}
		if (doctor_flags[found].valued && !eq && ++i == argc) {
			return 0;
		}
	}
	return 1;
}

// isClean.
int godx_prestart_is_clean(const char *p) {
	size_t n = strlen(p);
	if (n == 1 && p[0] == '/') {
		return 1;
	}
	if (n == 0 || p[0] != '/' || p[n - 1] == '/') {
		return 0;
	}
	const char *elem = p + 1;
	for (;;) {
		const char *slash = strchr(elem, '/');
		size_t len = slash ? (size_t)(slash - elem) : strlen(elem);
		if (len == 0 || (len == 1 && elem[0] == '.') || (len == 2 && elem[0] == '.' && elem[1] == '.')) {
			return 0;
		}
		if (!slash) {
			return 1;
		}
		elem = slash + 1;
	}
}

// lookGo: the first absolute entry of list holding an executable "go"
// that is not a directory, written to out.
int godx_prestart_look_go(const char *list, char *out, size_t outlen) {
	while (*list) {
		const char *colon = strchr(list, ':');
		size_t len = colon ? (size_t)(colon - list) : strlen(list);
		const char *next = colon ? colon + 1 : list + len;
		if (len > 0 && list[0] == '/') {
			if (len + 4 > outlen) {
				return 0;
			}
			memcpy(out, list, len);
			out[len] = 0;
			if (!godx_prestart_is_clean(out)) {
				return 0;
			}
			strcpy(out + (len == 1 ? 0 : len), "/go");
			struct stat st;
			if (stat(out, &st) == 0 && !S_ISDIR(st.st_mode) && (st.st_mode & 0111) != 0) {
				return 1;
			}
		}
		list = next;
	}
	return 0;
}

static size_t key_len(const char *kv) {
	const char *eq = strchr(kv, '=');
	return eq ? (size_t)(eq - kv) : (size_t)-1;
}

// goEnvCommand's environment: os.Environ (the Go runtime keeps the first
// of a key given twice, syscall.copyenv), then DedupEnv with
// GOTOOLCHAIN=local appended (which replaces any GOTOOLCHAIN). NULL when
// an entry has no "=".
char **godx_prestart_env(char **envp) {
	size_t n = 0;
	for (; envp[n]; n++) {
		if (key_len(envp[n]) == (size_t)-1) {
			return NULL;
		}
	}
	char **out = malloc((n + 2) * sizeof *out);
	if (!out) {
		return NULL;
	}
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		size_t k = key_len(envp[i]);
		if (k == strlen("GOTOOLCHAIN") && strncmp(envp[i], "GOTOOLCHAIN", k) == 0) {
			continue;
		}
		int earlier = 0;
		for (size_t j = 0; j < i && !earlier; j++) {
			earlier = key_len(envp[j]) == k && strncmp(envp[i], envp[j], k) == 0;
		}
		if (!earlier) {
			out[kept++] = envp[i];
		}
	}
	out[kept++] = "GOTOOLCHAIN=local";
	out[kept] = NULL;
	return out;
}

// os.Getwd on Linux: $PWD when it is absolute and names the working
// directory, else getcwd.
int godx_prestart_getwd(char *out, size_t outlen) {
	struct stat dot, pwd;
	if (stat(".", &dot) != 0) {
		return 0;
	}
	const char *env = getenv("PWD");
	if (env && env[0] == '/' && stat(env, &pwd) == 0 && pwd.st_dev == dot.st_dev && pwd.st_ino == dot.st_ino) {
		if (strlen(env) >= outlen) {
			return 0;
		}
		strcpy(out, env);
		return 1;
	}
	return getcwd(out, outlen) != NULL;
}

// start runs before main and before the Go runtime (the C library calls
// it with the program's arguments and environment): for a plain doctor
// run it starts `go env -json` exactly as the package's Go code would.
__attribute__((constructor)) static void start(int argc, char **argv, char **envp) {
	if (argc < 1 || !argv || !envp || !godx_prestart_plain_doctor_run(argc - 1, argv + 1)) {
		return;
	}
	// With stdin, stdout or stderr closed, the pipes below would take
	// their numbers (and os.Stdin would share a descriptor with go env's
	// output): leave such a run to the Go code, which starts after the Go
	// runtime has put /dev/null there.
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) == -1) {
			return;
		}
	}
	const char *path_list = getenv("PATH");
	char prog[PATH_MAX], dir[PATH_MAX];
	if (!path_list || !godx_prestart_look_go(path_list, prog, sizeof prog)) {
		return;
	}
	if (!godx_prestart_getwd(dir, sizeof dir) || !godx_prestart_is_clean(dir)) {
		return;
	}
	char **env = godx_prestart_env(envp);
	if (!env) {
		return;
	}
	int out[2], err[2];
	if (pipe2(out, O_CLOEXEC) != 0) {
		free(env);
		return;
	}
	if (pipe2(err, O_CLOEXEC) != 0) {
		close(out[0]);
		close(out[1]);
		free(env);
		return;
	}
	// Read ends non-blocking, as os.Pipe's: the Go runtime polls them, so
	// closing one ends a read that a lingering grandchild would block.
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	fcntl(err[0], F_SETFL, O_NONBLOCK);
	posix_spawn_file_actions_t files;
	posix_spawnattr_t attr;
	posix_spawn_file_actions_init(&files);
	posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&files, out[1], 1);
	posix_spawn_file_actions_adddup2(&files, err[1], 2);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&attr, 0);
	char *args[] = {prog, "env", "-json", NULL};
	struct timespec began;
	clock_gettime(CLOCK_REALTIME, &began);
	pid_t pid;
	int failed = posix_spawn(&pid, prog, &files, &attr, args, env);
	posix_spawn_file_actions_destroy(&files);
	posix_spawnattr_destroy(&attr);
	close(out[1]);
	close(err[1]);
	char *path_copy = failed ? NULL : strdup(prog);
	char *dir_copy = failed ? NULL : strdup(dir);
	if (failed || !path_copy || !dir_copy) {
		if (!failed) {
			// Started but not recordable: the Go code never sees it, so
			// stop it here (it is in a group of its own).
			kill(-pid, SIGKILL);
			waitpid(pid, NULL, 0);
		}
		close(out[0]);
		close(err[0]);
		free(path_copy);
		free(dir_copy);
		free(env);
		return;
	}
	godx_prestart_early.out = out[0];
	godx_prestart_early.err = err[0];
	godx_prestart_early.path = path_copy;
	godx_prestart_early.dir = dir_copy;
	godx_prestart_early.env = env;
	godx_prestart_early.sec = began.tv_sec;
	godx_prestart_early.nsec = began.tv_nsec;
	godx_prestart_early.pid = pid;
}
