/* SPDX-License-Identifier: ISC */
/*
 * log.c: pinvisor-oci's messages: one line on stderr, and the same line
 * in the --log file, as JSON ({"level","msg","time"}, what conmon and
 * containerd's shim read) or as text.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "oci.h"

static FILE *log_file;
static bool log_json = false;

int oci_log_open(const char *path, const char *format)
{
    if (format && strcmp(format, "json") != 0 && strcmp(format, "text") != 0)
        return -1;
    log_json = format && strcmp(format, "json") == 0;
    if (path == NULL)
        return 0;
    log_file = fopen(path, "ae");
    return log_file ? 0 : -1;
}

static void to_log(const char *msg)
{
    if (log_file == NULL)
        return;
    char when[64];
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (log_json) {
        json_object *o = json_object_new_object();
        json_object_object_add(o, "level", json_object_new_string("error"));
        json_object_object_add(o, "msg", json_object_new_string(msg));
        json_object_object_add(o, "time", json_object_new_string(when));
        fprintf(
            log_file, "%s\n",
            json_object_to_json_string_ext(
                o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
        json_object_put(o);
    } else {
        fprintf(log_file, "time=\"%s\" level=error msg=\"%s\"\n", when, msg);
    }
    fflush(log_file);
}

static void vsay(const char *fmt, va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    char *nl = strchr(msg, '\n');
    if (nl)
        *nl = '\0';
    fprintf(stderr, "pinvisor-oci: %s\n", msg);
    to_log(msg);
}

void oci_log_line(const char *line)
{
    fprintf(stderr, "%s\n", line);
    to_log(line);
}

void oci_err(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(fmt, ap);
    va_end(ap);
}

void oci_die(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(fmt, ap);
    va_end(ap);
    exit(status);
}
