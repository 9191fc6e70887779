package io.authbridge.assertion;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keys in PEM files, as OpenSSL and the JDK write them, without a security provider of their own: PKCS#8
 * {@code PRIVATE KEY}, SEC1 {@code EC PRIVATE KEY}, PKCS#1 {@code RSA PRIVATE KEY} and X.509
 * {@code PUBLIC KEY}. The public half of a private key comes from a {@code PUBLIC KEY} block in the same
 * file, else from the key itself (an RSA key's modulus and exponent; the public point OpenSSL stores in an
 * EC key). Messages name the file, never a key's bytes.
 */
final class PemKeys {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    /** The algorithm identifier of an RSA key (rsaEncryption, NULL parameters). */
    private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");

    /** The OID of an EC public key, id-ecPublicKey. */
    private static final byte[] EC_PUBLIC_KEY_OID = hex("06072a8648ce3d0201");

    private PemKeys() {
    }

    /** A key read from PEM: its public half, and its private half when the file holds one (else null). */
    record PemKey(PublicKey publicKey, PrivateKey privateKey) {
    }

    /** The key in {@code pem}; {@code source} names it in messages. */
    static PemKey parse(String pem, String source) {
        Map<String, byte[]> blocks = new LinkedHashMap<>();
        Matcher matcher = BLOCK.matcher(pem);
        while (matcher.find()) {
            try {
                blocks.putIfAbsent(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2)));
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(source + ": the " + matcher.group(1) + " block is not valid base64");
            }
        }
        if (blocks.containsKey("ENCRYPTED PRIVATE KEY")) {
            throw new IllegalArgumentException(source + ": an encrypted private key cannot be read; store it "
                    + "unencrypted and readable by the gateway only (openssl pkey -in KEY -out KEY.pem)");
        }
        try {
            byte[] pkcs8 = pkcs8(blocks, source);
            PrivateKey privateKey = pkcs8 == null ? null : privateKey(pkcs8);
            PublicKey publicKey = blocks.containsKey("PUBLIC KEY") ? publicKey(blocks.get("PUBLIC KEY"))
                    : privateKey == null ? null : publicHalf(privateKey, pkcs8, source);
            if (publicKey == null) {
                throw new IllegalArgumentException(source + ": no PRIVATE KEY, EC PRIVATE KEY, RSA PRIVATE KEY or "
                        + "PUBLIC KEY block");
            }
            return new PemKey(publicKey, privateKey);
        }
        catch (GeneralSecurityException | DerException ex) {
            throw new IllegalArgumentException(source + ": not a readable EC or RSA key (" + ex.getMessage() + ")");
        }
    }

    /** A PEM file holding the private key (PKCS#8) and its public key, as the gateway writes a key it generates. */
    static String write(PrivateKey privateKey, PublicKey publicKey) {
        return block("PRIVATE KEY", privateKey.getEncoded()) + block("PUBLIC KEY", publicKey.getEncoded());
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** The private key of the file as PKCS#8, whichever of the three forms it was written in; null if none. */
    private static byte[] pkcs8(Map<String, byte[]> blocks, String source) throws DerException {
        if (blocks.containsKey("PRIVATE KEY")) {
            return blocks.get("PRIVATE KEY");
        }
        if (blocks.containsKey("RSA PRIVATE KEY")) {
            return privateKeyInfo(RSA_ALGORITHM, blocks.get("RSA PRIVATE KEY"));
        }
        if (blocks.containsKey("EC PRIVATE KEY")) {
            // SEC1 names its curve in [0]; PKCS#8 wants it in the algorithm identifier
            byte[] sec1 = blocks.get("EC PRIVATE KEY");
            Der curve = Der.read(sec1, 0).child(0xA0);
            if (curve == null) {
                throw new IllegalArgumentException(source + ": the EC PRIVATE KEY does not name its curve");
            }
            byte[] algorithm = tlv(0x30, concat(EC_PUBLIC_KEY_OID, curve.contents()));
            return privateKeyInfo(algorithm, sec1);
        }
        return null;
    }

    private static byte[] privateKeyInfo(byte[] algorithm, byte[] key) {
        return tlv(0x30, concat(hex("020100"), algorithm, tlv(0x04, key)));
    }

    private static PrivateKey privateKey(byte[] pkcs8) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
        try {
            return KeyFactory.getInstance("EC").generatePrivate(spec);
        }
        catch (GeneralSecurityException notEc) {
            return KeyFactory.getInstance("RSA").generatePrivate(spec);
        }
    }

    private static PublicKey publicKey(byte[] spki) throws GeneralSecurityException {
        X509EncodedKeySpec spec = new X509EncodedKeySpec(spki);
        try {
            return KeyFactory.getInstance("EC").generatePublic(spec);
        }
        catch (GeneralSecurityException notEc) {
            return KeyFactory.getInstance("RSA").generatePublic(spec);
        }
    }

    private static PublicKey publicHalf(PrivateKey privateKey, byte[] pkcs8, String source)
            throws GeneralSecurityException, DerException {
        if (privateKey instanceof RSAPrivateCrtKey rsa) {
            return KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
        }
        if (privateKey instanceof ECPrivateKey ec) {
            byte[] point = ecPublicPoint(pkcs8);
            int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
            if (point == null || point.length != 1 + 2 * size || point[0] != 0x04) {
                throw new IllegalArgumentException(source + ": the EC key carries no public key; append it with "
                        + "`openssl pkey -in KEY -pubout >> KEY`");
            }
            ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 1 + size)),
                    new BigInteger(1, Arrays.copyOfRange(point, 1 + size, point.length)));
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, ec.getParams()));
        }
        throw new IllegalArgumentException(source + ": the key is neither EC nor RSA");
    }

    /**
     * The uncompressed public point stored with an EC private key: SEC1's {@code [1] publicKey} inside the
     * PKCS#8 {@code privateKey} octets, or PKCS#8 v2's own {@code [1]}; null when neither is there.
     */
    private static byte[] ecPublicPoint(byte[] pkcs8) throws DerException {
        Der info = Der.read(pkcs8, 0);
        Der outer = info.child(0x81);
        if (outer != null) {
            return withoutUnusedBitsByte(outer.contents());
        }
        Der octets = info.child(0x04);
        if (octets == null) {
            return null;
        }
        Der sec1 = Der.read(octets.contents(), 0);
        Der tagged = sec1.child(0xA1);
        if (tagged == null) {
            return null;
        }
        Der bits = Der.read(tagged.contents(), 0);
        return bits.tag() == 0x03 ? withoutUnusedBitsByte(bits.contents()) : null;
    }

    private static byte[] withoutUnusedBitsByte(byte[] bitString) {
        return bitString.length == 0 ? null : Arrays.copyOfRange(bitString, 1, bitString.length);
    }

    // ------------------------------------------------------------------------------ just enough DER

    static final class DerException extends Exception {

        DerException(String message) {
            super(message);
        }
    }

    /** One DER element: its tag and its contents (the elements inside, for a constructed one). */
    private record Der(int tag, byte[] contents) {

        static Der read(byte[] bytes, int offset) throws DerException {
            int[] header = header(bytes, offset);
            int start = header[1];
            return new Der(bytes[offset] & 0xFF, Arrays.copyOfRange(bytes, start, start + header[2]));
        }

        /** {tag, contents offset, contents length} of the element at {@code offset}. */
        private static int[] header(byte[] bytes, int offset) throws DerException {
            if (offset + 2 > bytes.length) {
                throw new DerException("truncated DER");
            }
            int length = bytes[offset + 1] & 0xFF;
            int position = offset + 2;
            if (length > 0x80) {
                int count = length & 0x7F;
                if (count > 3 || position + count > bytes.length) {
                    throw new DerException("bad DER length");
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (bytes[position++] & 0xFF);
                }
            }
            else if (length == 0x80) {
                throw new DerException("indefinite DER length");
            }
            if (position + length > bytes.length) {
                throw new DerException("truncated DER");
            }
            return new int[] { bytes[offset] & 0xFF, position, length };
        }

        /** The first element inside this one with {@code wanted} as its tag; null when none. */
        Der child(int wanted) throws DerException {
            int offset = 0;
            while (offset < contents.length) {
                int[] header = header(contents, offset);
                if (header[0] == wanted) {
                    return read(contents, offset);
                }
                offset = header[1] + header[2];
            }
            return null;
        }
    }

    private static byte[] tlv(int tag, byte[] contents) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(contents.length + 6);
        out.write(tag);
        int length = contents.length;
        if (length < 0x80) {
            out.write(length);
        }
        else {
            int bytes = length > 0xFFFF ? 3 : length > 0xFF ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write((length >>> (8 * i)) & 0xFF);
            }
        }
        out.writeBytes(contents);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] hex(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }
}
