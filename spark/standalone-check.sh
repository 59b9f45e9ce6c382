#!/usr/bin/env bash
# Runs covidct screen through spark-submit on a throw-away Spark standalone cluster made of Maven Central's jars (a
# master and one worker on loopback; the worker starts a separate executor process), as docs/SCREENING.md describes
# for a real cluster: the application jar covidct-spark-cluster.jar, DJL and PyTorch through --jars, -Dai.djl.offline
# for the executors, the model shipped by the job itself. Then compares results.csv with a local screen of the same
# ROOT. Usage: spark/standalone-check.sh ROOT RUN_DIR WORK_DIR [screen options...]   (needs `mvn -B -DskipTests package`)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$1" model="$2" work="$3"; shift 3
t="$here/spark/target"
for f in "$t/covidct-spark-cluster.jar" "$t/spark-classpath.txt" "$t/runtime-classpath.txt" "$t/djl-jars.txt"; do
  [ -f "$f" ] || { echo "missing $f: run mvn -B -DskipTests package first" >&2; exit 3; }
done
mkdir -p "$work/sparkhome" "$work/cluster"
# a stand-in for a Spark distribution's jars/ folder: Spark and what it needs, nothing of covidct or DJL
dist="$(cat "$t/spark-classpath.txt"):$(tr ':' '\n' < "$t/runtime-classpath.txt" \
  | grep -v -E '/covidct|/ai/djl/|/jna/|slf4j-nop|javalin|jetty|kotlin' | paste -sd:)"
opens=($(sed -n 's:.*<spark.opens>\(.*\)</spark.opens>.*:\1:p' "$here/pom.xml"))
# the launcher library finds the jars through these when there is no real SPARK_HOME/jars folder
export SPARK_HOME="$work/sparkhome" SPARK_SCALA_VERSION=2.13 SPARK_TESTING=1 SPARK_DIST_CLASSPATH="$dist"
port=$((17000 + RANDOM % 2000))
java -Xmx512m "${opens[@]}" -cp "$dist" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" \
  --webui-port $((port + 1)) > "$work/cluster/master.log" 2>&1 &
master=$!
trap 'kill $worker $master 2>/dev/null || true' EXIT
sleep 8
java -Xmx512m "${opens[@]}" -cp "$dist" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 2 --memory 6g \
  --webui-port $((port + 2)) --work-dir "$work/cluster/work" "spark://127.0.0.1:$port" > "$work/cluster/worker.log" 2>&1 &
worker=$!
sleep 10
rm -rf "$work/out-cluster" "$work/out-local"
java -Xmx2g "${opens[@]}" -cp "$dist" org.apache.spark.deploy.SparkSubmit --master "spark://127.0.0.1:$port" \
  --deploy-mode client --executor-memory 4g --jars "$(cat "$t/djl-jars.txt")" \
  --conf spark.executor.extraJavaOptions=-Dai.djl.offline=true --conf spark.executorEnv.OMP_WAIT_POLICY=PASSIVE \
  --class org.covidct.app.Main "$t/covidct-spark-cluster.jar" \
  screen "$root" --model "$model" --out "$work/out-cluster" --engine spark "$@" 2> "$work/cluster/submit.log"
"$here/covidct" screen "$root" --model "$model" --out "$work/out-local" -q "$@"
# every column but the timings
if diff <(cut -d, -f1-11 "$work/out-cluster/results.csv") <(cut -d, -f1-11 "$work/out-local/results.csv"); then
  echo "standalone cluster and local screen agree on $(($(wc -l < "$work/out-local/results.csv") - 1)) series"
  ls "$work"/cluster/work/*/*/ | grep -E 'covidct|djl|pytorch|jna' | sort -u | sed 's/^/executor received: /'
else
  echo "standalone cluster and local screen DIFFER" >&2; exit 1
fi
