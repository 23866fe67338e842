package io.nanogrid.engine.grid;

import io.nanogrid.engine.json.Kind;
import java.util.Map;

/**
 * Text through a Hugging Face tokenizer (its tokenizer.json) into a transformer's inputs, filled by
 * name: token ids, attention mask and token type ids (each only when the model has it). Word-piece,
 * BPE and unigram tokenizers alike: the Hugging Face tokenizers library does the work.
 *
 * @param tokenizer     the tokenizer.json, relative to the grid file (it travels inside bundles)
 * @param maxLength     the longest sequence in tokens, special tokens included; default 128
 * @param truncation    cut longer text to maxLength (default true); false refuses it
 * @param inputIds      the token ids input; default "input_ids"
 * @param attentionMask the attention mask input; default "attention_mask"
 * @param tokenTypeIds  the token type ids input; default "token_type_ids"
 * @param constants     other inputs fed a fixed value on every call
 * @param state         inputs fed from the previous call's outputs (input -> output)
 */
@Kind(TokenizerSpec.KIND)
public record TokenizerSpec(String tokenizer, Integer maxLength, Boolean truncation, String inputIds,
        String attentionMask, String tokenTypeIds, Map<String, TensorValue> constants, Map<String, String> state)
        implements InputSpec {
    public static final String KIND = "hf-tokenizer";

    public TokenizerSpec {
        maxLength = maxLength != null ? maxLength : 128;
        truncation = truncation != null ? truncation : Boolean.TRUE;
        inputIds = inputIds != null ? inputIds : "input_ids";
        attentionMask = attentionMask != null ? attentionMask : "attention_mask";
        tokenTypeIds = tokenTypeIds != null ? tokenTypeIds : "token_type_ids";
        constants = constants != null && !constants.isEmpty() ? Map.copyOf(constants) : null;
        state = state != null && !state.isEmpty() ? Map.copyOf(state) : null;
    }

    /** The defaults for a tokenizer file. */
    public static TokenizerSpec of(String tokenizer) {
        return new TokenizerSpec(tokenizer, null, null, null, null, null, null, null);
    }

    public TokenizerSpec withTokenizer(String t) {
        return new TokenizerSpec(t, maxLength, truncation, inputIds, attentionMask, tokenTypeIds, constants, state);
    }

    public TokenizerSpec withMaxLength(int n) {
        return new TokenizerSpec(tokenizer, n, truncation, inputIds, attentionMask, tokenTypeIds, constants, state);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String modelInput() {
        return inputIds;
    }
}
