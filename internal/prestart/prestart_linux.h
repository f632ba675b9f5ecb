// What the C start-up code of package prestart (prestart_linux.c) started
// before the Go runtime, for the package's Go code to take over.

#include <sys/types.h>

struct godx_prestart {
	pid_t pid;       // 0: nothing was started
	int out, err;    // read ends of the process's stdout and stderr (non-blocking)
	char *path;      // the program, as found on PATH
	char *dir;       // the directory it runs in (what os.Getwd returns)
	char **env;      // its environment, NULL-terminated
	long long sec;   // when it was started (CLOCK_REALTIME)
	long nsec;
};

extern struct godx_prestart godx_prestart_early;

int godx_prestart_plain_doctor_run(int argc, char **argv);
int godx_prestart_is_clean(const char *p);
int godx_prestart_look_go(const char *list, char *out, size_t outlen);
char **godx_prestart_env(char **envp);
int godx_prestart_getwd(char *out, size_t outlen);
int godx_prestart_flag(int i, const char **name, int *valued);
