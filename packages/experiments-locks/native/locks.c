/*
 * The native reference for racelab's lock benchmarks: the same loop as
 * packages/experiments-locks (lock, increment a plain counter, unlock), with a
 * pthread mutex, an atomic fetch-add and a racy plain increment, on 1 or 2
 * threads. Threads persist across trials and are released together by a
 * spinning start barrier, like the engine's workers; thread 0 times each trial
 * from release to the last thread's end. Prints one JSON line.
 *
 *   cc -O2 -pthread -o locks locks.c
 *   ./locks <mutex|atomic-add|racy> <threads> <increments> <trials> <warmup>
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum kind { MUTEX, ATOMIC_ADD, RACY };

/* Each shared word on its own 64-byte line, as racelab's layout places regions. */
static _Alignas(64) pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static _Alignas(64) volatile int counter;
static _Alignas(64) atomic_int atomic_counter;
static _Alignas(64) atomic_int go;
static _Alignas(64) atomic_int done;

static enum kind kind;
static int threads, increments, trials, warmup;

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}

static void run_loop(void) {
  switch (kind) {
    case MUTEX:
      for (int i = 0; i < increments; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
      }
      break;
    case ATOMIC_ADD:
      for (int i = 0; i < increments; i++) atomic_fetch_add(&atomic_counter, 1);
      break;
    case RACY:
      /* volatile: one load and one store per increment, as in the JS loop. */
      for (int i = 0; i < increments; i++) counter++;
      break;
  }
}

static void *follower(void *arg) {
  (void)arg;
  for (int generation = 1; generation <= trials + warmup; generation++) {
    while (atomic_load(&go) < generation) ; /* spin: released with the others */
    run_loop();
    atomic_fetch_add(&done, 1);
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s <mutex|atomic-add|racy> <threads> <increments> <trials> <warmup>\n", argv[0]);
    return 2;
  }
  kind = strcmp(argv[1], "mutex") == 0 ? MUTEX : strcmp(argv[1], "atomic-add") == 0 ? ATOMIC_ADD : RACY;
  threads = atoi(argv[2]);
  increments = atoi(argv[3]);
  trials = atoi(argv[4]);
  warmup = atoi(argv[5]);
  pthread_t others[64];
  for (int t = 1; t < threads; t++) pthread_create(&others[t], NULL, follower, NULL);
  double *samples = calloc(trials, sizeof(double));
  long expected = (long)threads * increments;
  int exact = 1;
  for (int generation = 1; generation <= trials + warmup; generation++) {
    counter = 0;
    atomic_store(&atomic_counter, 0);
    atomic_store(&done, 0);
    double started = now_ns();
    atomic_store(&go, generation);
    run_loop();
    while (atomic_load(&done) < threads - 1) ;
    double took = now_ns() - started;
    if (generation > warmup) samples[generation - warmup - 1] = took / expected;
    long total = kind == ATOMIC_ADD ? atomic_load(&atomic_counter) : counter;
    if (kind != RACY && total != expected) exact = 0;
  }
  for (int t = 1; t < threads; t++) pthread_join(others[t], NULL);
  printf("{\"kind\":\"%s\",\"threads\":%d,\"increments\":%d,\"exact\":%s,\"nsPerOp\":[", argv[1], threads, increments,
         exact ? "true" : "false");
  for (int i = 0; i < trials; i++) printf("%s%.4f", i ? "," : "", samples[i]);
  printf("]}\n");
  return 0;
}
