/*
 * A runner for the reference C implementation of Wren, built by scripts/build-reference.sh
 * for comparisons only (benchmarks: `scripts/bench.py --compare`, conformance checks). It uses
 * only Wren's public embedding API and behaves like this project's `wren` command: the script
 * runs as module "./path/without/extension", relative imports resolve against the importer,
 * exit codes 65 (compile error), 70 (runtime error), 66 (missing file).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wren.h"

static char* readFile(const char* path) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  rewind(f);
  char* buf = (char*)malloc((size_t)n + 1);
  if (!buf) { fclose(f); return NULL; }
  size_t got = fread(buf, 1, (size_t)n, f);
  buf[got] = '\0';
  fclose(f);
  return buf;
}

static void writeFn(WrenVM* vm, const char* text) { (void)vm; fputs(text, stdout); }

static void errorFn(WrenVM* vm, WrenErrorType type, const char* module, int line,
                    const char* msg) {
  (void)vm;
  switch (type) {
    case WREN_ERROR_COMPILE:
      fprintf(stderr, "[%s line %d] %s\n", module, line, msg); break;
    case WREN_ERROR_RUNTIME:
      fprintf(stderr, "%s\n", msg); break;
    case WREN_ERROR_STACK_TRACE:
      fprintf(stderr, "[%s line %d] in %s\n", module, line, msg); break;
  }
}

static void loadComplete(WrenVM* vm, const char* name, WrenLoadModuleResult result) {
  (void)vm; (void)name;
  free((void*)result.source);
}

static WrenLoadModuleResult loadModuleFn(WrenVM* vm, const char* name) {
  (void)vm;
  WrenLoadModuleResult result = {0};
  size_t len = strlen(name);
  char* path = (char*)malloc(len + 6);
  memcpy(path, name, len);
  memcpy(path + len, ".wren", 6);
  result.source = readFile(path);
  free(path);
  if (result.source) result.onComplete = loadComplete;
  return result;
}

// Joins a relative import to the importer's directory and collapses "." and "..".
static const char* resolveFn(WrenVM* vm, const char* importer, const char* name) {
  (void)vm;
  size_t nlen = strlen(name);
  if (!(strncmp(name, "./", 2) == 0 || strncmp(name, "../", 3) == 0)) {
    char* out = (char*)malloc(nlen + 1); memcpy(out, name, nlen + 1); return out;
  }
  const char* slash = strrchr(importer, '/');
  size_t dlen = slash ? (size_t)(slash - importer) : 1;
  char* joined = (char*)malloc(dlen + nlen + 3);
  if (slash) memcpy(joined, importer, dlen); else joined[0] = '.';
  joined[dlen] = '/';
  memcpy(joined + dlen + 1, name, nlen + 1);
  // normalize
  char* parts[256]; int np = 0; int lead = strncmp(joined, "./", 2) == 0;
  char* tok = strtok(joined, "/");
  while (tok && np < 256) {
    if (strcmp(tok, ".") == 0 || tok[0] == 0) {}
    else if (strcmp(tok, "..") == 0) { if (np > 0 && strcmp(parts[np-1], "..") != 0) np--; else { parts[np++] = tok; lead = 0; } }
    else parts[np++] = tok;
    tok = strtok(NULL, "/");
  }
  char* out = (char*)malloc(dlen + nlen + 8); out[0] = 0;
  if (lead && !(np > 0 && strcmp(parts[0], "..") == 0)) strcat(out, "./");
  for (int i = 0; i < np; i++) { if (i) strcat(out, "/"); strcat(out, parts[i]); }
  free(joined);
  return out;
}

int main(int argc, char** argv) {
  if (argc != 2) { fprintf(stderr, "usage: %s script.wren\n", argv[0]); return 64; }
  char* source = readFile(argv[1]);
  if (!source) { fprintf(stderr, "Could not find file \"%s\".\n", argv[1]); return 66; }
  WrenConfiguration config;
  wrenInitConfiguration(&config);
  config.writeFn = writeFn;
  config.errorFn = errorFn;
  config.loadModuleFn = loadModuleFn;
  config.resolveModuleFn = resolveFn;
  WrenVM* vm = wrenNewVM(&config);
  char module[1024];
  const char* p = argv[1];
  size_t plen = strlen(p);
  if (plen > 5 && strcmp(p + plen - 5, ".wren") == 0) plen -= 5;
  if (strncmp(p, "./", 2) == 0 || strncmp(p, "../", 3) == 0 || p[0] == '/') snprintf(module, sizeof module, "%.*s", (int)plen, p);
  else snprintf(module, sizeof module, "./%.*s", (int)plen, p);
  WrenInterpretResult r = wrenInterpret(vm, module, source);
  wrenFreeVM(vm);
  free(source);
  fflush(stdout);
  if (r == WREN_RESULT_COMPILE_ERROR) return 65;
  if (r == WREN_RESULT_RUNTIME_ERROR) return 70;
  return 0;
}
