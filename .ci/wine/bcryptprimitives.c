/*
 * A stand-in for Windows' bcryptprimitives.dll, which Wine 8 lacks.
 *
 * Every Go >= 1.24 Windows program calls bcryptprimitives!ProcessPrng at
 * start-up ("fatal error: bcryptprimitives.dll not found" otherwise). This
 * DLL exports ProcessPrng on top of advapi32's RtlGenRandom
 * (SystemFunction036), which Wine has. Go loads the DLL with
 * LOAD_LIBRARY_SEARCH_SYSTEM32, so it must sit in the prefix's system32:
 * next to the .exe is not searched. Built by .ci/wine/setup with
 * Debian's mingw-w64; used only by the Wine test harness.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buf, ULONG len);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!SystemFunction036(data, chunk))
			return FALSE;
		data += chunk;
		len -= chunk;
	}
	return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved)
{
	(void)h;
	(void)reason;
	(void)reserved;
	return TRUE;
}
