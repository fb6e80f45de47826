#!/usr/bin/env bash
# Upload throughput: one 25 MiB file (random bytes, then a 25 MiB-class JPEG that gets a
# thumbnail) posted RUNS times with curl to POST /api/rooms/{id}/files on a fresh SQLite server,
# the same server then answering GET /api/files/{id}. Prints MiB/s per run and the median.
# Usage: bench/chat/upload.sh [RUNS] [MONGO_URI]   (with a MONGO_URI: GridFS instead of the data dir)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-7}
mongo=${2:-}
jar=server/target/friendchat.jar
[ -f "$jar" ] || mvn -B -q -ntp -DskipTests -pl server -am package
dir=$(mktemp -d)
cp "$jar" "$dir/friendchat.jar" # a build meanwhile must not swap the jar under the server
port=18766
base="http://127.0.0.1:$port"
env PORT=$port FRIENDCHAT_HOST=127.0.0.1 FRIENDCHAT_DATA_DIR="$dir/data" ${mongo:+MONGO_URI=$mongo} \
  java -Xmx512m -jar "$dir/friendchat.jar" >"$dir/log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
until curl -fs -o /dev/null "$base/healthz"; do
  kill -0 "$pid" 2>/dev/null || { cat "$dir/log" >&2; exit 1; }
  sleep 0.1
done
jar_cookies="$dir/cookies"
curl -fs -c "$jar_cookies" -H 'Content-Type: application/json' -H "Origin: $base" \
  -d '{"username":"bench","email":"bench@example.com","password":"correct horse bench battery"}' \
  "$base/api/auth/signup" >/dev/null
room=$(curl -fs -b "$jar_cookies" -H 'Content-Type: application/json' -H "Origin: $base" \
  -d '{"name":"Uploads"}' "$base/api/rooms" | sed -E 's/.*"room":\{"id":"([0-9a-f]{24})".*/\1/')
head -c $((25 * 1024 * 1024)) /dev/urandom >"$dir/random.bin"
# A JPEG of about 25 MiB: noise at 5000 x 5000 px, made with the JDK (no ImageMagick needed).
cat >"$dir/MakeJpeg.java" <<'JAVA'
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageOutputStream;
public class MakeJpeg {
    public static void main(String[] a) throws Exception {
        BufferedImage img = new BufferedImage(5000, 5000, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(1);
        for (int y = 0; y < 5000; y++) for (int x = 0; x < 5000; x++) img.setRGB(x, y, r.nextInt());
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(0.9f);
        try (FileImageOutputStream out = new FileImageOutputStream(new File(a[0]))) {
            w.setOutput(out);
            w.write(null, new IIOImage(img, null, null), p);
        }
    }
}
JAVA
java "$dir/MakeJpeg.java" "$dir/photo.jpg"
for file in random.bin photo.jpg; do
  size=$(stat -c %s "$dir/$file")
  speeds=()
  for i in $(seq "$runs"); do
    out=$(curl -fs -b "$jar_cookies" -H "Origin: $base" -H 'X-Requested-With: bench' \
      -H 'Content-Type: application/octet-stream' --data-binary "@$dir/$file" \
      -w ' %{time_total}' "$base/api/rooms/$room/files?name=$file")
    secs=${out##* }
    mibs=$(awk -v s="$size" -v t="$secs" 'BEGIN { printf "%.1f", s / 1048576 / t }')
    speeds+=("$mibs")
    echo "$file ($((size / 1048576)) MiB) upload $i: ${secs} s, ${mibs} MiB/s"
  done
  sorted=($(printf '%s\n' "${speeds[@]}" | sort -n))
  echo "$file median: ${sorted[$(( runs / 2 ))]} MiB/s over $runs uploads; load: $(cut -d' ' -f1-3 /proc/loadavg)"
done
