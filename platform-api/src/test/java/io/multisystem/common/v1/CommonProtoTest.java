package io.multisystem.common.v1;

import com.google.protobuf.util.JsonFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommonProtoTest {
    @Test
    void pageRequestRoundTripsThroughBinaryAndJsonEncodings() throws Exception {
        PageRequest request = PageRequest.newBuilder().setPageSize(50).setPageToken("abc").build();

        assertThat(PageRequest.parseFrom(request.toByteArray())).isEqualTo(request);
        PageRequest.Builder fromJson = PageRequest.newBuilder();
        JsonFormat.parser().merge(JsonFormat.printer().print(request), fromJson);
        assertThat(fromJson.build()).isEqualTo(request);
    }

    @Test
    void protoPackagesFollowThePlatformConvention() {
        assertThat(PageInfo.getDescriptor().getFile().getPackage()).isEqualTo("io.multisystem.common.v1");
    }
}
