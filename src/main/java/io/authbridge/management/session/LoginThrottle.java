package io.authbridge.management.session;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Exceptionless's login lockout: attempts are counted per email and per client IP, before the password is
 * checked; more than 5 per email or 15 per IP within 15 minutes is "Login denied." Each count's window opens
 * with its first attempt (Exceptionless aligns windows to the quarter hour, which lets twice the attempts
 * through around a boundary). A success clears the email's count and gives the IP one back.
 */
final class LoginThrottle {

    static final int MAX_PER_EMAIL = 5;

    static final int MAX_PER_IP = 15;

    static final Duration WINDOW = Duration.ofMinutes(15);

    private final Cache<String, Window> attempts;

    private final Clock clock;

    LoginThrottle(Clock clock) {
        this.clock = clock;
        this.attempts = Caffeine.newBuilder().expireAfterWrite(WINDOW).maximumSize(1_000_000).build();
    }

    /** Counts an attempt; true when it is over either limit and must be denied. */
    boolean attemptDenied(String email, String ip) {
        long now = clock.millis();
        int byEmail = window("user:" + email, now).increment(now);
        int byIp = window("ip:" + ip, now).increment(now);
        return byEmail > MAX_PER_EMAIL || byIp > MAX_PER_IP;
    }

    void succeeded(String email, String ip) {
        attempts.invalidate("user:" + email);
        Window byIp = attempts.getIfPresent("ip:" + ip);
        if (byIp != null) {
            byIp.giveBack();
        }
    }

    private Window window(String key, long now) {
        return attempts.get(key, ignored -> new Window(now));
    }

    /** A count of attempts in the 15 minutes since its first one. */
    private static final class Window {

        private long start;

        private int count;

        Window(long start) {
            this.start = start;
        }

        synchronized int increment(long now) {
            if (now - start >= WINDOW.toMillis()) {
                start = now;
                count = 0;
            }
            return ++count;
        }

        synchronized void giveBack() {
            count = Math.max(0, count - 1);
        }
    }
}
