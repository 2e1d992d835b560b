# A deterministic bash workload for program_bash.test: arrays, associative
# arrays, string operations, command substitution and functions.
declare -a arr
declare -A map
for ((i = 0; i < 20000; i++)); do
    arr[i]="item$((i * 37 % 1001))"
    map["k$((i % 997))"]+="${i:0:1}"
done
echo "${#arr[@]} ${arr[0]} ${arr[19999]} ${#map[@]} ${#map[k5]}"

s=""
for ((i = 0; i < 5000; i++)); do s+="$i,"; done
echo "${#s} ${s:1000:20}"
s2=${s//,/;}
echo "${s2:0:30}"

fib() { local a=0 b=1 i; for ((i = 0; i < $1; i++)); do ((b = a + b, a = b - a)); done; echo $a; }
echo "$(fib 80)"

count=0
while read -r line; do count=$((count + ${#line})); done < <(for ((i = 0; i < 3000; i++)); do echo "line $i"; done)
echo "chars $count"
sorted=$(printf '%s\n' "${arr[@]:0:500}" | sort -u | wc -l)
echo "unique $sorted"
