package org.networkbroker.dhclient;

import java.util.List;
import java.util.Objects;

/**
 * The value of one option or other statement in a lease, as written in the lease file and split
 * into its comma-separated elements.
 *
 * <p>Two values are equal when both the source text and the elements are equal. dhclient writes
 * the same value with the same text every time, so a rewrite of an unchanged lease keeps its
 * values equal.
 *
 * @param text the value as written, from the first to the last character of its tokens, with
 *         quotes and escapes kept; empty for a statement without a value, such as {@code bootp;}
 * @param elements the comma-separated elements in file order. A quoted string becomes its content
 *         with the escapes resolved and the bytes decoded as UTF-8 (invalid sequences become
 *         U+FFFD). A word, such as an address or a hex string like {@code 1:2:3}, is kept as
 *         written. An element made of several tokens, such as {@code success "success"}, has them
 *         joined with one space.
 */
public record OptionValue(String text, List<String> elements) {

    /**
     * Creates a value and copies the element list.
     *
     * @throws NullPointerException if {@code text}, {@code elements} or an element is null
     */
    public OptionValue {
        Objects.requireNonNull(text, "text");
        elements = List.copyOf(elements);
    }
}
