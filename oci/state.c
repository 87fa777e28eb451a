/* SPDX-License-Identifier: ISC */
/*
 * state.c: a container's state: the directory ROOT/ID holding state.json
 * (written to a temporary file and renamed) and the start FIFO. The
 * directory itself is the lock (flock), so no lock file outlives a
 * delete; mkdir decides which of two creates of one id wins.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "oci.h"

const char *oci_root = "/run/pinvisor-oci";

void oci_state_path(char *buf, size_t size, const char *id, const char *name)
{
    if (id[0] == '\0' || id[0] == '.' || strchr(id, '/') || strlen(id) >= 256)
        oci_die(OCI_EXIT_USAGE, "'%s' is not a container id", id);
    if (name)
        snprintf(buf, size, "%s/%s/%s", oci_root, id, name);
    else
        snprintf(buf, size, "%s/%s", oci_root, id);
}

static int lock_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (flock(fd, LOCK_EX) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

int oci_mkdirs(const char *path)
{
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s", path);
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0700) != 0 && errno != EEXIST)
            return -1;
        if (c == '\0')
            return 0;
        *s = c;
    }
}

int oci_state_create(const char *id)
{
    char dir[PATH_MAX];
    oci_state_path(dir, sizeof dir, id, NULL);
    if (oci_mkdirs(oci_root) != 0)
        return -1;
    if (mkdir(dir, 0700) != 0)
        return -1;
    return lock_dir(dir);
}

int oci_write_atomic(const char *path, const char *data)
{
    char tmp[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    size_t len = strlen(data);
    bool ok = write(fd, data, len) == (ssize_t)len && fsync(fd) == 0;
    close(fd);
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

static json_object *ann_object(const struct oci_state *st)
{
    json_object *a = json_object_new_object();
    for (size_t i = 0; i < st->nann; i++)
        json_object_object_add(a, st->ann[i].key,
                               json_object_new_string(st->ann[i].value));
    return a;
}

int oci_state_save(const struct oci_state *st)
{
    char path[PATH_MAX];
    oci_state_path(path, sizeof path, st->id, "state.json");
    json_object *o = json_object_new_object();
    json_object_object_add(o, "id", json_object_new_string(st->id));
    json_object_object_add(o, "bundle", json_object_new_string(st->bundle));
    json_object_object_add(o, "pid", json_object_new_int(st->pid));
    json_object_object_add(o, "startTime",
                           json_object_new_uint64(st->start_time));
    json_object_object_add(o, "started", json_object_new_boolean(st->started));
    json_object_object_add(o, "cgroup", json_object_new_string(st->cgroup));
    json_object_object_add(o, "cgroupMade",
                           json_object_new_string(st->cgroup_made));
    json_object_object_add(o, "netns", json_object_new_string(st->netns));
    json_object_object_add(o, "iface", json_object_new_string(st->iface));
    json_object_object_add(o, "annotations", ann_object(st));
    int rc = oci_write_atomic(
        path, json_object_to_json_string_ext(
                  o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
    return rc;
}

static const char *str(json_object *o, const char *k)
{
    json_object *v;
    return json_object_object_get_ex(o, k, &v) ? json_object_get_string(v) : "";
}

int oci_state_open(const char *id, struct oci_state *st)
{
    char dir[PATH_MAX], path[PATH_MAX];
    struct stat sb;
    oci_state_path(dir, sizeof dir, id, NULL);
    oci_state_path(path, sizeof path, id, "state.json");
    int fd = lock_dir(dir);
    /* A delete that held the lock before us has removed the directory. */
    json_object *o = fd >= 0 && fstat(fd, &sb) == 0 && sb.st_nlink > 0
                         ? json_object_from_file(path)
                         : NULL;
    if (o == NULL)
        oci_die(OCI_EXIT_ERROR, "container %s does not exist", id);
    memset(st, 0, sizeof *st);
    snprintf(st->id, sizeof st->id, "%s", id);
    snprintf(st->bundle, sizeof st->bundle, "%s", str(o, "bundle"));
    snprintf(st->cgroup, sizeof st->cgroup, "%s", str(o, "cgroup"));
    snprintf(st->cgroup_made, sizeof st->cgroup_made, "%s",
             str(o, "cgroupMade"));
    snprintf(st->netns, sizeof st->netns, "%s", str(o, "netns"));
    snprintf(st->iface, sizeof st->iface, "%s", str(o, "iface"));
    json_object *v;
    if (json_object_object_get_ex(o, "pid", &v))
        st->pid = json_object_get_int(v);
    if (json_object_object_get_ex(o, "startTime", &v))
        st->start_time = json_object_get_uint64(v);
    if (json_object_object_get_ex(o, "started", &v))
        st->started = json_object_get_boolean(v);
    if (json_object_object_get_ex(o, "annotations", &v)) {
        st->ann =
            calloc((size_t)json_object_object_length(v) + 1, sizeof *st->ann);
        json_object_object_foreach(v, k, val)
        {
            st->ann[st->nann].key = strdup(k);
            st->ann[st->nann++].value = strdup(json_object_get_string(val));
        }
    }
    json_object_put(o);
    return fd;
}

void oci_state_remove(const char *id)
{
    char dir[PATH_MAX];
    oci_state_path(dir, sizeof dir, id, NULL);
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
                unlinkat(dirfd(d), e->d_name, 0);
        closedir(d);
    }
    rmdir(dir);
}

bool oci_state_remove_partial(const char *id)
{
    char dir[PATH_MAX], path[PATH_MAX];
    struct stat sb;
    oci_state_path(dir, sizeof dir, id, NULL);
    oci_state_path(path, sizeof path, id, "state.json");
    int fd = lock_dir(dir);
    if (fd < 0)
        return errno == ENOENT;
    /* A delete that held the lock before us has removed the directory. */
    bool gone = fstat(fd, &sb) != 0 || sb.st_nlink == 0;
    if (!gone && access(path, F_OK) != 0 && errno == ENOENT) {
        oci_state_remove(id);
        gone = true;
    }
    close(fd);
    return gone;
}

unsigned long long oci_proc_start_time(pid_t pid)
{
    char p[64], buf[1024];
    snprintf(p, sizeof p, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(p, "re");
    if (f == NULL)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* After "(comm)": field 3 is the state, field 22 the start time. */
    char *s = strrchr(buf, ')');
    if (s == NULL || s[1] == '\0' || s[2] == 'Z' || s[2] == 'X')
        return 0;
    unsigned long long t = 0;
    s += 2;
    for (int field = 3; field < 22 && s; field++) {
        s = strchr(s, ' ');
        if (s)
            s++;
    }
    if (s)
        t = strtoull(s, NULL, 10);
    return t;
}

const char *oci_state_status(const struct oci_state *st)
{
    if (st->pid <= 0 || oci_proc_start_time(st->pid) != st->start_time)
        return "stopped";
    return st->started ? "running" : "created";
}

void oci_state_print(const struct oci_state *st)
{
    const char *status = oci_state_status(st);
    json_object *o = json_object_new_object();
    json_object_object_add(o, "ociVersion",
                           json_object_new_string(OCI_VERSION));
    json_object_object_add(o, "id", json_object_new_string(st->id));
    json_object_object_add(o, "status", json_object_new_string(status));
    json_object_object_add(
        o, "pid", json_object_new_int(strcmp(status, "stopped") ? st->pid : 0));
    json_object_object_add(o, "bundle", json_object_new_string(st->bundle));
    json_object_object_add(o, "annotations", ann_object(st));
    printf("%s\n",
           json_object_to_json_string_ext(
               o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
}
