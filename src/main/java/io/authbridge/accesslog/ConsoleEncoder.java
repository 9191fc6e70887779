package io.authbridge.accesslog;

import java.nio.charset.Charset;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.util.StringUtils;

/**
 * The encoder of logback-spring.xml's console appenders: Spring Boot's structured JSON encoder when
 * {@code logging.structured.format.console} names a format ({@code ecs}, {@code logstash}, {@code gelf} or a
 * formatter class), the appender's pattern otherwise. Spring Boot makes this choice itself only for the
 * console appender it configures; a logback file of our own (needed for the access log's asynchronous
 * appender) has to make it too, without logback's Janino-based conditions.
 */
public final class ConsoleEncoder extends EncoderBase<ILoggingEvent> {

    private String format;

    private String pattern;

    private Charset charset;

    private Encoder<ILoggingEvent> delegate;

    /** Spring Boot's {@code CONSOLE_LOG_STRUCTURED_FORMAT}: empty (or undefined) for plain lines. */
    public void setFormat(String format) {
        this.format = format;
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    public void setCharset(Charset charset) {
        this.charset = charset;
    }

    /** Whether lines are JSON. */
    public boolean isStructured() {
        return StringUtils.hasText(format) && !format.endsWith("_IS_UNDEFINED");
    }

    @Override
    public void start() {
        if (isStructured()) {
            StructuredLogEncoder structured = new StructuredLogEncoder();
            structured.setFormat(format);
            if (charset != null) {
                structured.setCharset(charset);
            }
            delegate = structured;
        }
        else {
            PatternLayoutEncoder plain = new PatternLayoutEncoder();
            plain.setPattern(pattern);
            plain.setCharset(charset);
            delegate = plain;
        }
        delegate.setContext(getContext());
        delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return delegate.encode(event);
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }
}
