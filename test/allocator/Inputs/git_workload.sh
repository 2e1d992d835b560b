# A deterministic git session for program_git.test, run in a directory that
# holds a.txt and b.txt: init, two commits, log, fsck. Configuration and dates
# are fixed here so the commit ids depend only on the contents.
set -e
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=leaksan GIT_AUTHOR_EMAIL=leaksan@example.invalid
export GIT_COMMITTER_NAME=leaksan GIT_COMMITTER_EMAIL=leaksan@example.invalid
export GIT_AUTHOR_DATE='2024-01-01T00:00:00 +0000' GIT_COMMITTER_DATE='2024-01-01T00:00:00 +0000'
git --version | sed 's/[0-9.]*$/N/'
git init -q -b main .
git add a.txt b.txt
git commit -q -m 'first commit'
seq 5 5 100000 > b.txt
echo three >> a.txt
git commit -q -a -m 'second commit'
git log --format='%H %s'
git diff --stat HEAD~1 HEAD
git hash-object b.txt
git fsck --no-progress 2>&1
git gc -q 2>&1
git count-objects -v | grep -v size
