<?php
// gov-deadlines serve: a client in plain PHP (7.0 or later), no Composer packages.
// gov-deadlines 服务的 PHP 调用示例：不依赖 Composer 包，PHP 7.0 及以上均可。
//
//     php gov_deadlines_client.php http://127.0.0.1:8000
//
// It uses the curl extension when it is there (php-curl), and file_get_contents with a stream
// context otherwise; answers are read with json_decode.
// 有 curl 扩展时使用 curl，否则使用 file_get_contents；应答用 json_decode 解析。

$base = rtrim(isset($argv[1]) ? $argv[1] : 'http://127.0.0.1:8000', '/');

/**
 * One request to the service: [HTTP status, decoded JSON (an array), headers (lower-case
 * names)]. Errors (4xx) are answers too: their body is problem+json with a "detail".
 */
function gd_request($method, $url, $json = null)
{
    $headers = array('Accept: application/json');
    if ($json !== null) {
        $headers[] = 'Content-Type: application/json';  // required: the body is JSON
    }
    if (function_exists('curl_init')) {
        $seen = array();
        $ch = curl_init($url);
        curl_setopt($ch, CURLOPT_CUSTOMREQUEST, $method);
        curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
        curl_setopt($ch, CURLOPT_CONNECTTIMEOUT, 5);
        curl_setopt($ch, CURLOPT_TIMEOUT, 30);
        curl_setopt($ch, CURLOPT_HTTPHEADER, $headers);
        if ($json !== null) {
            curl_setopt($ch, CURLOPT_POSTFIELDS, $json);
        }
        curl_setopt($ch, CURLOPT_HEADERFUNCTION, function ($ch, $line) use (&$seen) {
            $parts = explode(':', $line, 2);
            if (count($parts) === 2) {
                $seen[strtolower(trim($parts[0]))] = trim($parts[1]);
            }
            return strlen($line);
        });
        $body = curl_exec($ch);
        if ($body === false) {
            throw new RuntimeException('request failed: ' . curl_error($ch));
        }
        $status = curl_getinfo($ch, CURLINFO_HTTP_CODE);
        curl_close($ch);
        return array($status, json_decode($body, true), $seen);
    }
    $context = stream_context_create(array('http' => array(
        'method' => $method,
        'header' => implode("\r\n", $headers),
        'content' => $json === null ? '' : $json,
        'timeout' => 30,
        'ignore_errors' => true,  // read the problem+json body of a 4xx answer too
    )));
    $body = file_get_contents($url, false, $context);
    if ($body === false) {
        throw new RuntimeException('request failed: ' . $url);
    }
    $status = 0;
    $seen = array();
    foreach ($http_response_header as $line) {
        if (preg_match('#^HTTP/\S+ (\d{3})#', $line, $m)) {
            $status = (int) $m[1];
        } else {
            $parts = explode(':', $line, 2);
            if (count($parts) === 2) {
                $seen[strtolower(trim($parts[0]))] = trim($parts[1]);
            }
        }
    }
    return array($status, json_decode($body, true), $seen);
}

function show($value)
{
    return json_encode($value, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
}

// 1. What is 2024-02-18? 2024年2月18日是什么日子？
list($status, $day, $headers) = gd_request('GET', $base . '/v1/days/2024-02-18');
echo "GET /v1/days/2024-02-18 -> $status\n";
echo 'kind=' . $day['kind'] . ' name=' . $day['name'] . ' workday=' . show($day['workday'])
    . ' calendar=' . $headers['x-calendar-fingerprint'] . "\n";

// 2. The 20th working day after 2024-02-08, and one month after it (a period: 1个月,
//    percent-encoded by http_build_query).
//    2024年2月8日之后第20个工作日；以及“1个月”期间（http_build_query 负责 URL 编码）。
$query = http_build_query(array('date' => '2024-02-08', 'n' => 20));
list($status, $add) = gd_request('GET', $base . '/v1/add?' . $query);
echo "GET /v1/add?$query -> $status\n";
echo 'due=' . $add['due'] . "\n";
$query = http_build_query(array('date' => '2024-02-08', 'period' => '1个月'));
list($status, $month) = gd_request('GET', $base . '/v1/add?' . $query);
echo "GET /v1/add?$query -> $status\n";
echo 'period=' . $month['period'] . ' due=' . $month['due'] . "\n";

// 3. A register of three cases checked in one request (a JSON array); one bad date does not
//    fail the others. 一次核查三条记录，其中一条日期有误，不影响其他记录。
$cases = array(
    array('rule' => 'ogi.request.reply', 'trigger' => '2024-02-08', 'done' => '2024-03-14'),
    array('rule' => 'ogi.request.reply', 'trigger' => '2024年9月31日'),
    array('rule' => 'penalty.withdrawal', 'trigger' => '2024-09-27', 'done' => '2024-09-30'),
);
list($status, $batch) = gd_request('POST', $base . '/v1/check/batch', show($cases));
echo "POST /v1/check/batch -> $status, calendar " . $batch['fingerprint'] . "\n";
foreach ($batch['results'] as $r) {
    if ($r['status'] === 'error') {
        echo '#' . $r['index'] . ' error: ' . $r['error']['detail'] . "\n";
    } else {
        echo '#' . $r['index'] . ' ' . $r['status'] . ' (' . $r['verdict'] . '), due ' . $r['due'] . "\n";
    }
}

// 4. A year that is not loaded is refused, never guessed (409 for a computation).
//    未加载的年份一律拒绝，不做推测。
list($status, $problem) = gd_request('GET', $base . '/v1/add?date=2026-12-20&n=20');
echo "GET /v1/add?date=2026-12-20&n=20 -> $status year=" . $problem['year'] . "\n";
echo 'detail=' . $problem['detail'] . "\n";
