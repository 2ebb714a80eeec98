// gov-deadlines serve: a client in plain Java 11+ (java.net.http), no dependencies.
// gov-deadlines 服务的 Java 调用示例：只用 JDK 11 自带的 java.net.http，不需要任何依赖。
//
// Run it as it is (Java 11+ runs a single source file without compiling it first):
// 直接运行（Java 11 起可以不经编译直接运行单个源文件）：
//
//     java GovDeadlinesClient.java http://127.0.0.1:8000
//
// It asks the service four questions and prints each answer as it came (the raw JSON) and the
// few values a program would use. The JSON is read here with a tiny helper (field()) that is
// enough for these flat answers; a real system should use its JSON library (Jackson, Gson...).
// 本示例用一个很简单的 field() 函数读取 JSON 中的几个值，仅适用于这些简单的应答；正式系统请使用
// 项目中已有的 JSON 库（Jackson、Gson 等）。

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class GovDeadlinesClient {

    // HTTP/1.1: otherwise the JDK client offers an "h2c" (HTTP/2) upgrade on every plain-http
    // request; the service answers in HTTP/1.1 all the same but logs "Unsupported upgrade
    // request." as a warning each time.
    // 使用 HTTP/1.1：否则 JDK 客户端每次都请求升级到 HTTP/2（h2c），服务仍按 HTTP/1.1 应答，
    // 但每次都会记录一条 "Unsupported upgrade request." 警告日志。
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String base;

    GovDeadlinesClient(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8000";
        GovDeadlinesClient client = new GovDeadlinesClient(base);

        // 1. What is 2024-02-18? (a Sunday, and a make-up workday of the Spring Festival)
        //    2024年2月18日是什么日子？（星期日，春节调休上班日）
        HttpResponse<String> day = client.get("/v1/days/2024-02-18");
        System.out.println("GET /v1/days/2024-02-18 -> " + day.statusCode());
        System.out.println(day.body());
        System.out.println("kind=" + field(day.body(), "kind") + " name=" + field(day.body(), "name")
                + " workday=" + field(day.body(), "workday")
                + " calendar=" + day.headers().firstValue("X-Calendar-Fingerprint").orElse("-"));

        // 2. The 20th working day after 2024-02-08 (the day itself not counted).
        //    2024年2月8日之后第20个工作日（当日不计入）。
        String add = "/v1/add?date=" + enc("2024-02-08") + "&n=20";
        HttpResponse<String> due = client.get(add);
        System.out.println("GET " + add + " -> " + due.statusCode());
        System.out.println(due.body());
        System.out.println("due=" + field(due.body(), "due"));

        // 3. Was a reply given on 2024-03-14 to a request received on 2024-02-08 in time?
        //    2024年2月8日收到的政府信息公开申请，2024年3月14日答复，是否逾期？
        String json = "{\"rule\":\"ogi.request.reply\",\"trigger\":\"2024-02-08\",\"done\":\"2024-03-14\"}";
        HttpResponse<String> verdict = client.post("/v1/check", json);
        System.out.println("POST /v1/check -> " + verdict.statusCode());
        System.out.println(verdict.body());
        System.out.println("status=" + field(verdict.body(), "status") + " verdict="
                + field(verdict.body(), "verdict") + " workdays_late="
                + field(verdict.body(), "workdays_late"));

        // 4. A refusal: errors are application/problem+json; "detail" says what is wrong, in
        //    Chinese unless the request asks for English (Accept-Language: en, or ?lang=en).
        //    出错时返回 problem+json，detail 字段说明原因（默认中文）。
        HttpResponse<String> bad = client.get("/v1/days/2024-02-30");
        System.out.println("GET /v1/days/2024-02-30 -> " + bad.statusCode() + " "
                + bad.headers().firstValue("Content-Type").orElse(""));
        System.out.println("detail=" + field(bad.body(), "detail"));
    }

    HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .GET()
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")  // required: the body is JSON
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A query value, percent-encoded (a period such as 1个月 must be). 查询参数需 URL 编码。 */
    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * The first value of "name" in a flat JSON object: a string (unescaped for the common
     * escapes), a number, true/false or null. Enough for this example only.
     */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name)
                + "\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[-0-9.eE+]+|true|false|null)").matcher(json);
        if (!m.find()) {
            return null;
        }
        if (m.group(2) == null) {
            return m.group(1);
        }
        return m.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
    }
}
